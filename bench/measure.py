"""One whole `ctxtrim` process, timed from exec to exit, with its own peak
resident memory (from wait4, so nothing else is counted), and a summary of
several runs: median, p95, and the spread."""
import os
import statistics
import time


def run(binary, arguments):
    """(seconds, peak bytes, exit code) of one run; stdout goes to /dev/null."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(binary, [binary] + arguments)
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Runs:
    """Several runs of one command: their times and peaks."""

    def __init__(self):
        self.seconds, self.peaks, self.codes = [], [], []

    def add(self, measured):
        seconds, peak, code = measured
        self.seconds.append(seconds)
        self.peaks.append(peak)
        self.codes.append(code)

    @property
    def median(self):
        return statistics.median(self.seconds)

    @property
    def p95(self):
        return percentile(self.seconds, 0.95)

    @property
    def peak(self):
        return max(self.peaks)

    @property
    def failed(self):
        return any(self.codes)
