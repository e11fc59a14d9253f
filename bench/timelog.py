"""Shared by the benchmark summaries: /usr/bin/time -v logs and the machine's description."""
import os
import platform
import re
import subprocess


def parse_time(path):
    """(wall seconds, peak RSS MiB, exit status) from a `/usr/bin/time -v` log."""
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    status = int(re.search(r"Exit status: (\d+)", text).group(1))
    return seconds, rss_kb / 1024, status


def machine():
    """CPU model, cores, memory and OS, in one line."""
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    memory = round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB, {platform.platform()}"
