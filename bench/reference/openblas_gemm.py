"""OpenBLAS's matrix products through torch.mm on one thread, for comparing with `-- gemm --only MxKxN --trans T`.

`OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/openblas_gemm.py` (Debian: `apt-get install python3-torch
libopenblas0-pthread`). Prints, per shape and transposition, the median and best GFLOP/s of 60 samples of about 2 ms.
"""

import statistics
import time

import torch

SHAPES = [(64, 256, 256), (128, 400, 300), (128, 300, 400), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024)]


def main():
    torch.set_num_threads(1)
    for m, k, n in SHAPES:
        for trans in ("nn", "nt", "tn"):
            a = torch.rand(k, m).t() if trans[0] == "t" else torch.rand(m, k)
            b = torch.rand(n, k).t() if trans[1] == "t" else torch.rand(k, n)
            c = torch.empty(m, n)
            for _ in range(20):
                torch.mm(a, b, out=c)
            flops = 2.0 * m * n * k
            reps = max(1, int(2e-3 / (flops / 80e9)))
            rates = []
            for _ in range(60):
                t0 = time.perf_counter()
                for _ in range(reps):
                    torch.mm(a, b, out=c)
                rates.append(flops * reps / (time.perf_counter() - t0) / 1e9)
            print(f"{m}x{k}x{n} {trans}: median {statistics.median(rates):.1f} best {max(rates):.1f}", flush=True)


if __name__ == "__main__":
    main()
