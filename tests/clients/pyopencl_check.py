#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""PyOpenCL's array library on one OpenCL platform, checked against numpy.

Python users reach OpenCL through PyOpenCL, whose arrays, reductions, scans,
sorts and element-wise kernels are OpenCL C generated at run time: each check
builds such kernels on every device of the platform and compares the result
with numpy's (exactly for integers, within a float32/float64 tolerance for
floating point). Any mismatch, build failure or OpenCL error fails the check;
the script prints one line per check and device, a summary, and exits 1 when
any check failed.

    usage: pyopencl_check.py PLATFORM_NAME [CHECK...]

Run it with PYOPENCL_NO_CACHE=1 so that every run really builds the kernels
(PyOpenCL otherwise keeps binaries in ~/.cache).
"""

import sys
import traceback

import numpy as np
import pyopencl as cl
import pyopencl.algorithm
import pyopencl.array as cla
import pyopencl.clmath
from pyopencl.elementwise import ElementwiseKernel
from pyopencl.reduction import ReductionKernel
from pyopencl.scan import ExclusiveScanKernel, GenericScanKernel, InclusiveScanKernel

# Sizes: more than one work-group (and, for the scans and sorts, more than one
# scan interval) on every device, small enough for an interpreter.
N = 10007
rng = np.random.default_rng(20261204)


class Mismatch(Exception):
    pass


def expect_equal(what, got, want):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        raise Mismatch(f"{what}: shape {got.shape}, numpy {want.shape}")
    bad = np.flatnonzero(got.ravel() != want.ravel())
    if bad.size:
        i = bad[0]
        raise Mismatch(
            f"{what}: {bad.size} of {got.size} elements differ, first at {i}: "
            f"{got.ravel()[i]!r}, numpy {want.ravel()[i]!r}"
        )


def expect_close(what, got, want, rtol, atol=0.0):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        raise Mismatch(f"{what}: shape {got.shape}, numpy {want.shape}")
    ok = np.isclose(got, want, rtol=rtol, atol=atol)
    if not ok.all():
        i = np.flatnonzero(~ok.ravel())[0]
        raise Mismatch(
            f"{what}: {np.count_nonzero(~ok)} of {got.size} elements outside "
            f"rtol={rtol} atol={atol}, first at {i}: {got.ravel()[i]!r}, "
            f"numpy {want.ravel()[i]!r}"
        )


def ints(dtype, n=N, low=-1000, high=1000):
    return rng.integers(low, high, size=n).astype(dtype)


def floats(dtype, n=N):
    return rng.uniform(-1.0, 1.0, size=n).astype(dtype)


# --- checks: each takes a queue and raises on a mismatch ---------------------


def check_array_arithmetic(queue):
    a, b = floats(np.float32), floats(np.float32)
    da, db = cla.to_device(queue, a), cla.to_device(queue, b)
    expect_close("2*a + b*b - 1", (2 * da + db * db - 1).get(), 2 * a + b * b - 1, 1e-6, 1e-6)
    expect_close("a / (|b| + 1)", (da / (abs(db) + 1)).get(), a / (np.abs(b) + 1), 1e-6)
    expect_close("maximum(a, b)", cla.maximum(da, db).get(), np.maximum(a, b), 0)
    expect_close("if_positive", cla.if_positive(da, da, db).get(), np.where(a > 0, a, b), 0)
    i, j = ints(np.int32), ints(np.int32, low=1, high=50)
    di, dj = cla.to_device(queue, i), cla.to_device(queue, j)
    expect_equal("int32 i*j + i", (di * dj + di).get(), i * j + i)
    expect_equal("int32 minimum(|i|, -j)", cla.minimum(abs(di), -dj).get(), np.minimum(abs(i), -j))
    expect_equal("arange", cla.arange(queue, 3, 3 * N, 3, dtype=np.int64).get(),
                 np.arange(3, 3 * N, 3, dtype=np.int64))
    expect_equal("astype int32->float64", di.astype(np.float64).get(), i.astype(np.float64))
    expect_equal("slice [17:-5:1] + 1", (di[17:-5] + 1).get(), i[17:-5] + 1)
    idx = rng.permutation(N)[:1000].astype(np.int32)
    expect_equal("take", cla.take(di, cla.to_device(queue, idx)).get(), i[idx])


def check_array_math(queue):
    x = rng.uniform(0.1, 4.0, size=N)
    for dtype, rtol in ((np.float32, 1e-5), (np.float64, 1e-12)):
        dx = cla.to_device(queue, x.astype(dtype))
        xs = x.astype(dtype)
        expect_close(f"sin {dtype.__name__}", cl.clmath.sin(dx).get(), np.sin(xs), rtol, rtol)
        expect_close(f"exp {dtype.__name__}", cl.clmath.exp(dx).get(), np.exp(xs), rtol)
        expect_close(f"log {dtype.__name__}", cl.clmath.log(dx).get(), np.log(xs), rtol, rtol)
        expect_close(f"sqrt {dtype.__name__}", cl.clmath.sqrt(dx).get(), np.sqrt(xs), rtol)


def check_reductions(queue):
    i = ints(np.int32)
    di = cla.to_device(queue, i)
    expect_equal("sum int32", cla.sum(di).get(), i.sum(dtype=np.int32))
    expect_equal("min int32", cla.min(di).get(), i.min())
    expect_equal("max int32", cla.max(di).get(), i.max())
    x, y = floats(np.float64), floats(np.float64)
    dx, dy = cla.to_device(queue, x), cla.to_device(queue, y)
    expect_close("dot float64", cla.dot(dx, dy).get(), np.dot(x, y), 1e-12)
    expect_close("sum float32", cla.sum(dx.astype(np.float32)).get(),
                 x.astype(np.float32).sum(dtype=np.float64), 1e-4)

    sum_sq = ReductionKernel(queue.context, np.int64, neutral="0", reduce_expr="a+b",
                             map_expr="(long)x[i] * x[i]", arguments="__global const int *x")
    expect_equal("ReductionKernel sum of squares", sum_sq(di).get(),
                 (i.astype(np.int64) ** 2).sum())
    # Two inputs and a non-additive reduction: the largest |x - y|.
    max_diff = ReductionKernel(queue.context, np.float64, neutral="0", reduce_expr="fmax(a, b)",
                               map_expr="fabs(x[i] - y[i])",
                               arguments="__global const double *x, __global const double *y")
    expect_equal("ReductionKernel max |x - y|", max_diff(dx, dy).get(), np.abs(x - y).max())


def check_scans(queue):
    i = ints(np.int32)
    di = cla.to_device(queue, i)
    inclusive = InclusiveScanKernel(queue.context, np.int32, "a+b", neutral="0")
    out = di.copy()
    inclusive(out)
    expect_equal("InclusiveScanKernel +", out.get(), np.cumsum(i, dtype=np.int32))
    exclusive = ExclusiveScanKernel(queue.context, np.int32, "a+b", neutral="0")
    out = di.copy()
    exclusive(out)
    expect_equal("ExclusiveScanKernel +", out.get(),
                 np.concatenate(([0], np.cumsum(i, dtype=np.int32)[:-1])))
    running_max = InclusiveScanKernel(queue.context, np.int32, "max(a, b)", neutral="INT_MIN")
    out = di.copy()
    running_max(out)
    expect_equal("InclusiveScanKernel max", out.get(), np.maximum.accumulate(i))
    expect_equal("cumsum int64", cla.cumsum(di.astype(np.int64)).get(),
                 np.cumsum(i, dtype=np.int64))


def check_segmented_scan(queue):
    # A segmented scan: running sums restarting where flags[i] is set.
    i = ints(np.int32)
    di = cla.to_device(queue, i)
    flags = (rng.random(N) < 0.05).astype(np.int8)
    flags[0] = 1
    seg = GenericScanKernel(
        queue.context, np.int32,
        arguments="__global const int *x, __global const char *flags, __global int *out",
        input_expr="x[i]", scan_expr="across_seg_boundary ? b : (a + b)", neutral="0",
        is_segment_start_expr="flags[i]", output_statement="out[i] = item;")
    dout = cla.empty_like(di)
    seg(di, cla.to_device(queue, flags), dout)
    want = np.empty_like(i)
    acc = 0
    for k in range(N):
        acc = i[k] if flags[k] else acc + i[k]
        want[k] = acc
    expect_equal("GenericScanKernel segmented +", dout.get(), want)


def check_stream_compaction(queue):
    i = ints(np.int32)
    di = cla.to_device(queue, i)
    out, count, _ = cl.algorithm.copy_if(di, "ary[i] % 3 == 0")
    n = int(count.get())
    expect_equal("copy_if ary % 3 == 0", out.get()[:n], i[i % 3 == 0])
    out, count, _ = cl.algorithm.remove_if(di, "ary[i] < 0")
    n = int(count.get())
    expect_equal("remove_if ary < 0", out.get()[:n], i[i >= 0])
    sorted_i = np.sort(ints(np.int32, low=0, high=300))
    out, count, _ = cl.algorithm.unique(cla.to_device(queue, sorted_i))
    n = int(count.get())
    expect_equal("unique", out.get()[:n], np.unique(sorted_i))


def check_radix_sort(queue):
    keys = rng.integers(0, 2**32, size=N, dtype=np.uint64).astype(np.uint32)
    sort = cl.algorithm.RadixSort(queue.context, "unsigned *keys", key_expr="keys[i]",
                                  sort_arg_names=["keys"])
    (out,), _ = sort(cla.to_device(queue, keys), key_bits=32)
    expect_equal("RadixSort uint32", out.get(), np.sort(keys))


def check_radix_sort_by_key(queue):
    # Sort values by key; the sort is stable, as numpy's "stable" kind is.
    small = rng.integers(0, 1000, size=N).astype(np.uint32)
    values = np.arange(N, dtype=np.int32)
    by_key = cl.algorithm.RadixSort(queue.context, "unsigned *keys, int *values",
                                    key_expr="keys[i]", sort_arg_names=["keys", "values"])
    (k_out, v_out), _ = by_key(cla.to_device(queue, small), cla.to_device(queue, values),
                               key_bits=10)
    order = np.argsort(small, kind="stable")
    expect_equal("RadixSort keys of (key, value)", k_out.get(), small[order])
    expect_equal("RadixSort values of (key, value)", v_out.get(), values[order])


def check_key_value_sorter(queue):
    # Group values by key: starts[k]..starts[k+1] are key k's values.
    nkeys = 97
    kv_keys = rng.integers(0, nkeys, size=N).astype(np.int32)
    kv_values = rng.integers(0, 10**6, size=N).astype(np.int32)
    starts, lists, _ = cl.algorithm.KeyValueSorter(queue.context)(
        queue, cla.to_device(queue, kv_keys), cla.to_device(queue, kv_values), nkeys,
        starts_dtype=np.int32)
    starts, lists = starts.get(), lists.get()
    want_starts = np.concatenate(([0], np.cumsum(np.bincount(kv_keys, minlength=nkeys))))
    expect_equal("KeyValueSorter starts", starts, want_starts.astype(np.int32))
    for k in range(nkeys):
        expect_equal(f"KeyValueSorter values of key {k}",
                     np.sort(lists[starts[k]:starts[k + 1]]), np.sort(kv_values[kv_keys == k]))


def check_elementwise(queue):
    lin_comb = ElementwiseKernel(
        queue.context, "float a, __global const float *x, float b, __global const float *y, "
        "__global float *z", "z[i] = a * x[i] + b * y[i]", "lin_comb")
    x, y = floats(np.float32), floats(np.float32)
    dz = cla.empty(queue, N, np.float32)
    lin_comb(np.float32(3.5), cla.to_device(queue, x), np.float32(-2.0),
             cla.to_device(queue, y), dz)
    expect_close("ElementwiseKernel a*x + b*y", dz.get(),
                 np.float32(3.5) * x + np.float32(-2.0) * y, 1e-6, 1e-6)

    # Integer bit manipulation, a preamble function and a 64-bit result.
    mix = ElementwiseKernel(
        queue.context, "__global const uint *u, __global ulong *out",
        "out[i] = mix(u[i], i)", "mix_bits",
        preamble="ulong mix(uint v, long i) {"
                 " return ((ulong)rotate(v, 7u) << 32 | (v ^ (uint)i)) + popcount(v); }")
    u = rng.integers(0, 2**32, size=N, dtype=np.uint64).astype(np.uint32)
    dout = cla.empty(queue, N, np.uint64)
    mix(cla.to_device(queue, u), dout)
    rot = ((u << np.uint32(7)) | (u >> np.uint32(25))).astype(np.uint64)
    low = (u ^ np.arange(N, dtype=np.uint32)).astype(np.uint64)
    pop = np.array([bin(v).count("1") for v in u], dtype=np.uint64)
    expect_equal("ElementwiseKernel rotate/xor/popcount", dout.get(), ((rot << 32) | low) + pop)

    # Complex arithmetic through PyOpenCL's pyopencl-complex.h.
    c = (floats(np.float64) + 1j * floats(np.float64)).astype(np.complex128)
    dc = cla.to_device(queue, c)
    expect_close("complex128 c*c + c", (dc * dc + dc).get(), c * c + c, 1e-12)


CHECKS = {
    "array_arithmetic": check_array_arithmetic,
    "array_math": check_array_math,
    "reductions": check_reductions,
    "scans": check_scans,
    "segmented_scan": check_segmented_scan,
    "stream_compaction": check_stream_compaction,
    "radix_sort": check_radix_sort,
    "radix_sort_by_key": check_radix_sort_by_key,
    "key_value_sorter": check_key_value_sorter,
    "elementwise": check_elementwise,
}


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        print("checks:", " ".join(CHECKS))
        return 0 if len(argv) >= 2 else 2
    wanted = argv[2:] or list(CHECKS)
    unknown = [name for name in wanted if name not in CHECKS]
    if unknown:
        print(f"pyopencl_check: unknown checks {unknown} (checks: {' '.join(CHECKS)})")
        return 2
    platforms = [p for p in cl.get_platforms() if p.name == argv[1]]
    if len(platforms) != 1:
        names = [p.name for p in cl.get_platforms()]
        print(f"pyopencl_check: no single platform named {argv[1]!r} (platforms: {names})")
        return 1
    devices = platforms[0].get_devices()
    if not devices:
        print(f"pyopencl_check: platform {argv[1]!r} has no devices")
        return 1
    print(f"pyopencl {cl.VERSION_TEXT}, numpy {np.__version__}, platform {argv[1]}")
    passed, failed = 0, []
    for device in devices:
        ctx = cl.Context([device])
        queue = cl.CommandQueue(ctx)
        for name in wanted:
            label = f"{name} on {device.name}"
            try:
                CHECKS[name](queue)
                queue.finish()
            except Exception as e:  # a mismatch, a build failure or any OpenCL error
                failed.append(label)
                print(f"FAIL {label}: {type(e).__name__}: {e}")
                if not isinstance(e, Mismatch):
                    traceback.print_exc(limit=4, file=sys.stdout)
            else:
                passed += 1
                print(f"ok   {label}")
    print(f"pyopencl_check: {passed} passed, {len(failed)} failed"
          + (f" ({', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
