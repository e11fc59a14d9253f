#!/usr/bin/env python3
# Compares two Parquet files written by the job: their data pages byte for byte, their footers as byte multisets
# (Parquet lists a column chunk's encodings in HashSet order, which can differ between builds; docs/DECISIONS.md).
# Usage: bench/compare_parquet_pages.py A.parquet B.parquet   (exit 0 when equal in that sense, 1 otherwise)
import struct
import sys


def split(path):
    data = open(path, 'rb').read()
    footer = struct.unpack('<I', data[-8:-4])[0]
    return data[:len(data) - 8 - footer], data[len(data) - 8 - footer:]


a_pages, a_footer = split(sys.argv[1])
b_pages, b_footer = split(sys.argv[2])
same_pages = a_pages == b_pages
same_footer = sorted(a_footer) == sorted(b_footer)
moved = [i for i in range(min(len(a_footer), len(b_footer))) if a_footer[i] != b_footer[i]]
print(f'data pages identical: {same_pages} ({len(a_pages)} bytes); footer: same bytes in another order: '
      f'{same_footer}, {len(moved)} bytes moved')
sys.exit(0 if same_pages and same_footer else 1)
