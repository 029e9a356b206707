/* SPDX-License-Identifier: MIT */
/*
 * hmmcl-bench: mul_mat (GFLOP/s) and stream triad (GB/s) on one device of each
 * platform named on the command line, in one process through the ICD loader, with the
 * ratio of the first one to each other one.
 *
 *     hmmcl-bench [--size M] [--triad N] [--reps R] [--local L] [--malloc] [--faults P]
 *                 [--large U] [--library L] [--build-only] [PLATFORM[:TYPE] ...]
 *
 * PLATFORM matches CL_PLATFORM_NAME exactly or as a case-insensitive substring (default:
 * "hmmcl" "Portable"); TYPE (cpu, gpu) picks that platform's first device of the type
 * instead of its default device, so "hmmcl:gpu hmmcl:cpu" compares two devices of one
 * platform. Memory is fine-grained SVM from clSVMAlloc, which both hmmcl and PoCL
 * support, so the devices run the same kernels on the same kind of memory; --malloc uses
 * plain malloc memory instead (fine-grained system SVM, what mul_mat's example does).
 * --faults P adds a third measurement: first touches per second, a kernel writing one word
 * in each of P pages the process has just mapped and never touched (fresh pages each run),
 * so every access is a page fault: the CPU's own on a CPU device, a device fault
 * (hmm_range_fault through the driver) on hmmgpu. Each
 * measurement is the best of R runs after a warm-up run (which also compiles, on
 * implementations that compile per launch); results are checked. --local L forces a
 * work-group size (L for triad, min(L, M) x 1 for mul_mat) instead of letting the implementation
 * choose. --large U adds a cold build of the generated large program of U units
 * (large_program.h; default 80, about 21 000 lines; 0 skips it): clBuildProgram,
 * clCreateKernelsInProgram and clGetProgramInfo(CL_PROGRAM_BINARIES) timed separately, with
 * both program caches off (HMMCL_CACHE=0, POCL_KERNEL_CACHE=0); three of its kernels then run
 * and their integer results are compared with the first platform's; --library L appends L
 * units of library code only (no kernels) to it. --build-only skips
 * mul_mat, triad and the first touches. bench/run builds the vendor directory and runs this.
 */
#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>

#include "large_program.h"

#define MAX_PLATFORMS 8

static const char src[] =
    "kernel void mul_mat(global float *r, global const float *a, global const float *b,\n"
    "                    uint m)\n"
    "{\n"
    "    size_t i = get_global_id(1), j = get_global_id(0);\n"
    "    float s = 0;\n"
    "    for (uint k = 0; k < m; k++)\n"
    "        s += a[i * m + k] * b[k * m + j];\n"
    "    r[i * m + j] = s;\n"
    "}\n"
    "kernel void touch(global int *p)\n"
    "{\n"
    "    p[get_global_id(0) * 1024] = 1;\n"
    "}\n"
    "kernel void triad(global float *a, global const float *b, global const float *c, float s)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    a[i] = b[i] + s * c[i];\n"
    "}\n";

struct result {
    char name[64];
    char device[128];
    double gflops, gbs, faults; /* faults: first touches per second */
    /* the large program: seconds to build, create its kernels, get its binaries */
    double build, kernels, binaries;
    uint64_t check; /* of its kernels' integer results */
    int ok;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int failed(cl_int err, const char *what)
{
    if (err != CL_SUCCESS)
        fprintf(stderr, "hmmcl-bench: %s failed: %d\n", what, (int)err);
    return err != CL_SUCCESS;
}

static cl_platform_id find_platform(const char *wanted, char *name, size_t name_size)
{
    cl_platform_id ids[MAX_PLATFORMS];
    cl_uint n = 0;
    if (clGetPlatformIDs(MAX_PLATFORMS, ids, &n) != CL_SUCCESS)
        return NULL;
    if (n > MAX_PLATFORMS)
        n = MAX_PLATFORMS;
    for (int exact = 1; exact >= 0; exact--) {
        for (cl_uint i = 0; i < n; i++) {
            if (clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, name_size, name, NULL))
                continue;
            if (exact ? !strcmp(name, wanted) : strcasestr(name, wanted) != NULL)
                return ids[i];
        }
    }
    return NULL;
}

/* Best time of @reps runs of a launch after one warm-up; negative on error. */
static double time_launch(cl_command_queue q, cl_kernel k, cl_uint dim, const size_t *g,
                          const size_t *l, int reps)
{
    double best = -1;
    for (int r = 0; r <= reps; r++) {
        double t0 = now();
        if (failed(clEnqueueNDRangeKernel(q, k, dim, NULL, g, l, 0, NULL, NULL), "launch") ||
            failed(clFinish(q), "clFinish"))
            return -1;
        double t = now() - t0;
        if (r && (best < 0 || t < best))
            best = t;
    }
    return best;
}

static int use_malloc, build_only;
static unsigned library_units; /* --library: more library-only units in the large program */
static size_t fault_pages;

/* First-touch rate: pages per second over @reps runs on fresh mappings (best run). */
static double time_faults(cl_command_queue q, cl_kernel k, int reps, int *ok)
{
    size_t bytes = fault_pages * 4096;
    double best = -1;

    for (int r = 0; r < reps; r++) {
        int *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return -1;
        clSetKernelArgSVMPointer(k, 0, p);
        double t0 = now();
        cl_int err = clEnqueueNDRangeKernel(q, k, 1, NULL, &fault_pages, NULL, 0, NULL, NULL);
        if (!err)
            err = clFinish(q);
        double t = now() - t0;
        for (size_t i = 0; !err && i < fault_pages; i++)
            *ok &= p[i * 1024] == 1;
        munmap(p, bytes);
        if (failed(err, "touch"))
            return -1;
        if (best < 0 || t < best)
            best = t;
    }
    return (double)fault_pages / best;
}

static void *bench_alloc(cl_context ctx, size_t size)
{
    if (use_malloc)
        return malloc(size);
    return clSVMAlloc(ctx, CL_MEM_READ_WRITE | CL_MEM_SVM_FINE_GRAIN_BUFFER, size, 0);
}

static void bench_free(cl_context ctx, void *p)
{
    if (use_malloc)
        free(p);
    else if (p)
        clSVMFree(ctx, p);
}

/* mul_mat, triad and (with --faults) first touches on @dev. */
static int bench_run(cl_context ctx, cl_command_queue q, cl_device_id dev, unsigned m, size_t n,
                     int reps, size_t local, struct result *res)
{
    cl_int err;
    int status = 1;
    const char *s = src;
    cl_program p = clCreateProgramWithSource(ctx, 1, &s, NULL, &err);
    cl_kernel km = NULL, kt = NULL, kf = NULL;
    float *a = NULL, *b = NULL, *r = NULL;
    if (failed(err, "clCreateProgramWithSource") ||
        failed(clBuildProgram(p, 1, &dev, "", NULL, NULL), "clBuildProgram"))
        goto out;
    km = clCreateKernel(p, "mul_mat", &err);
    kt = clCreateKernel(p, "triad", &err);
    if (!err)
        kf = clCreateKernel(p, "touch", &err);
    if (failed(err, "clCreateKernel"))
        goto out;

    size_t mm = (size_t)m * m, words = mm > n ? mm : n;
    a = bench_alloc(ctx, words * sizeof(float));
    b = bench_alloc(ctx, words * sizeof(float));
    r = bench_alloc(ctx, words * sizeof(float));
    if (!a || !b || !r) {
        fprintf(stderr, "hmmcl-bench: %s: no %s memory\n", res->name,
                use_malloc ? "malloc" : "fine-grain SVM buffer");
        goto out;
    }
    for (size_t i = 0; i < words; i++) {
        a[i] = (float)(i % 13) * 0.25f;
        b[i] = (float)(i % 7) * 0.5f;
        r[i] = 0;
    }

    /* mul_mat */
    clSetKernelArgSVMPointer(km, 0, r);
    clSetKernelArgSVMPointer(km, 1, a);
    clSetKernelArgSVMPointer(km, 2, b);
    clSetKernelArg(km, 3, sizeof(m), &m);
    size_t g2[2] = {m, m}, l2[2] = {local < m ? local : m, 1};
    double t = time_launch(q, km, 2, g2, local ? l2 : NULL, reps);
    if (t < 0)
        goto out;
    res->gflops = 2.0 * m * m * (double)m / t * 1e-9;
    res->ok = 1;
    for (unsigned i = 0; i < m; i += m / 7 + 1) {
        for (unsigned j = 0; j < m; j += m / 5 + 1) {
            double sum = 0;
            for (unsigned k = 0; k < m; k++)
                sum += (double)a[(size_t)i * m + k] * b[(size_t)k * m + j];
            if (fabs(sum - r[(size_t)i * m + j]) > 1e-3 * fabs(sum) + 1e-3)
                res->ok = 0;
        }
    }

    /* stream triad: a = b + s * c, over n floats (c is r) */
    float scalar = 3.0f;
    clSetKernelArgSVMPointer(kt, 0, a);
    clSetKernelArgSVMPointer(kt, 1, b);
    clSetKernelArgSVMPointer(kt, 2, r);
    clSetKernelArg(kt, 3, sizeof(scalar), &scalar);
    size_t g1 = n, l1 = local;
    t = time_launch(q, kt, 1, &g1, local ? &l1 : NULL, reps);
    if (t < 0)
        goto out;
    res->gbs = 3.0 * sizeof(float) * (double)n / t * 1e-9;
    for (size_t i = 0; i < n; i += n / 101 + 1)
        res->ok &= a[i] == b[i] + scalar * r[i];
    if (fault_pages) {
        res->faults = time_faults(q, kf, reps, &res->ok);
        if (res->faults < 0)
            goto out;
    }
    status = 0;
out:
    bench_free(ctx, a);
    bench_free(ctx, b);
    bench_free(ctx, r);
    if (km)
        clReleaseKernel(km);
    if (kt)
        clReleaseKernel(kt);
    if (kf)
        clReleaseKernel(kf);
    if (p)
        clReleaseProgram(p);
    return status;
}

/* Build the large program of @units units cold, then run three of its kernels. */
static int bench_large(cl_context ctx, cl_command_queue q, cl_device_id dev, unsigned units,
                       struct result *res)
{
    enum { LANES = 64, ARG_N = 16 };
    char *text = large_program(units, library_units);
    const char *s = text;
    cl_program p = NULL;
    cl_kernel *ks = NULL;
    cl_uint nk = 0;
    cl_mem out = NULL, in = NULL, iout = NULL;
    size_t *sizes = NULL;
    unsigned char **bins = NULL;
    cl_int err;
    int status = 1;

    if (!text) {
        fprintf(stderr, "hmmcl-bench: out of memory generating the large program\n");
        return 1;
    }
    double t0 = now();
    p = clCreateProgramWithSource(ctx, 1, &s, NULL, &err);
    if (failed(err, "clCreateProgramWithSource (large program)") ||
        failed(clBuildProgram(p, 1, &dev, "", NULL, NULL), "clBuildProgram (large program)"))
        goto out;
    double t1 = now();
    ks = calloc(units, sizeof(*ks));
    if (!ks || failed(clCreateKernelsInProgram(p, units, ks, &nk), "clCreateKernelsInProgram"))
        goto out;
    double t2 = now();
    sizes = calloc(1, sizeof(*sizes));
    bins = calloc(1, sizeof(*bins));
    if (!sizes || !bins ||
        failed(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof(*sizes), sizes, NULL),
               "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)") ||
        !(bins[0] = malloc(sizes[0] ? sizes[0] : 1)) ||
        failed(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(*bins), bins, NULL),
               "clGetProgramInfo(CL_PROGRAM_BINARIES)"))
        goto out;
    double t3 = now();
    res->build = t1 - t0;
    res->kernels = t2 - t1;
    res->binaries = t3 - t2;
    if (nk != units) {
        fprintf(stderr, "hmmcl-bench: %s: %u kernels in the large program, expected %u\n",
                res->name, nk, units);
        res->ok = 0;
        goto out;
    }

    /* k0, the middle unit's and the last unit's kernel: integer results only, exact anywhere */
    float host_in[4 * LANES + ARG_N];
    cl_uint host_iout[LANES];
    cl_int arg_n = ARG_N;
    size_t global = LANES;
    for (unsigned i = 0; i < sizeof(host_in) / sizeof(host_in[0]); i++)
        host_in[i] = (float)(i % 29) * 0.125f - 1.5f;
    out = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(float) * LANES, NULL, &err);
    if (!err)
        in = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(host_in), host_in,
                            &err);
    if (!err)
        iout = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(host_iout), NULL, &err);
    if (failed(err, "clCreateBuffer"))
        goto out;
    res->check = 14695981039346656037ull;
    for (unsigned u = 0; u < 3; u++) {
        char name[32];
        cl_kernel k = NULL;
        large_program_kernel(u == 0 ? 0 : u == 1 ? units / 2 : units - 1, name, sizeof(name));
        for (cl_uint i = 0; i < nk && !k; i++) {
            char kn[32] = "";
            clGetKernelInfo(ks[i], CL_KERNEL_FUNCTION_NAME, sizeof(kn), kn, NULL);
            if (!strcmp(kn, name))
                k = ks[i];
        }
        if (!k) {
            fprintf(stderr, "hmmcl-bench: %s: no kernel %s\n", res->name, name);
            res->ok = 0;
            goto out;
        }
        clSetKernelArg(k, 0, sizeof(out), &out);
        clSetKernelArg(k, 1, sizeof(in), &in);
        clSetKernelArg(k, 2, sizeof(iout), &iout);
        clSetKernelArg(k, 3, sizeof(arg_n), &arg_n);
        if (failed(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0, NULL, NULL), name) ||
            failed(clEnqueueReadBuffer(q, iout, CL_TRUE, 0, sizeof(host_iout), host_iout, 0, NULL,
                                       NULL),
                   "clEnqueueReadBuffer"))
            goto out;
        for (unsigned i = 0; i < LANES; i++)
            res->check = (res->check ^ host_iout[i]) * 1099511628211ull;
    }
    status = 0;
out:
    if (out)
        clReleaseMemObject(out);
    if (in)
        clReleaseMemObject(in);
    if (iout)
        clReleaseMemObject(iout);
    for (cl_uint i = 0; i < nk; i++)
        clReleaseKernel(ks[i]);
    if (bins)
        free(bins[0]);
    free(bins);
    free(sizes);
    free(ks);
    if (p)
        clReleaseProgram(p);
    free(text);
    if (status)
        res->ok = 0;
    return status;
}

static int bench_platform(const char *spec, unsigned m, size_t n, int reps, size_t local,
                          unsigned units, struct result *res)
{
    char wanted[64];
    const char *colon = strchr(spec, ':');
    cl_device_type type = CL_DEVICE_TYPE_DEFAULT;

    snprintf(wanted, sizeof(wanted), "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec), spec);
    if (colon && !strcmp(colon + 1, "cpu"))
        type = CL_DEVICE_TYPE_CPU;
    else if (colon && !strcmp(colon + 1, "gpu"))
        type = CL_DEVICE_TYPE_GPU;
    else if (colon) {
        fprintf(stderr, "hmmcl-bench: device type \"%s\" is not cpu or gpu\n", colon + 1);
        return 1;
    }

    cl_platform_id platform = find_platform(wanted, res->name, sizeof(res->name));
    cl_device_id dev;
    cl_int err;
    int status = 1;

    if (!platform) {
        fprintf(stderr, "hmmcl-bench: no platform \"%s\"\n", wanted);
        return 1;
    }
    if (failed(clGetDeviceIDs(platform, type, 1, &dev, NULL), "clGetDeviceIDs"))
        return 1;
    clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof(res->device), res->device, NULL);
    cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
    if (failed(err, "clCreateContext"))
        return 1;
    cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
    if (failed(err, "clCreateCommandQueueWithProperties"))
        goto out;
    status = 0;
    if (!build_only)
        status |= bench_run(ctx, q, dev, m, n, reps, local, res);
    else
        res->ok = 1;
    if (units)
        status |= bench_large(ctx, q, dev, units, res);
    clReleaseCommandQueue(q);
out:
    clReleaseContext(ctx);
    return status;
}

/* The large program's table: seconds per step, then hmmcl / each other platform. */
static void print_large(const char *const *names, int nnames, unsigned units, struct result *res)
{
    char *text = large_program(units, library_units);

    printf("large program: %u units + %u library units, %u lines, %u kernels; cold builds "
           "(program caches off)\n",
           units, library_units, text ? large_program_lines(text) : 0, units);
    free(text);
    printf("%-12s %-30s %10s %10s %10s %10s %s\n", "platform", "device", "build", "kernels",
           "binaries", "total", "check");
    for (int i = 0; i < nnames; i++) {
        /* the integer results must agree with the first platform's */
        if (i && res[i].check != res[0].check)
            res[i].ok = 0;
        printf("%-12.12s %-30.30s %8.2f s %8.2f s %8.2f s %8.2f s %s\n", res[i].name, res[i].device,
               res[i].build, res[i].kernels, res[i].binaries,
               res[i].build + res[i].kernels + res[i].binaries, res[i].ok ? "ok" : "WRONG");
    }
    /*
     * clBuildProgram alone, and until every kernel is compiled: PoCL generates a kernel's
     * native code at its first launch or when asked for the binaries, hmmcl's build already
     * made the ISA image.
     */
    for (int i = 1; i < nnames; i++) {
        if (res[0].build > 0 && res[i].build > 0)
            printf("ratio %s/%s: build %.3f, build to executable kernels (total) %.3f\n", names[0],
                   names[i], res[0].build / res[i].build,
                   (res[0].build + res[0].kernels + res[0].binaries) /
                       (res[i].build + res[i].kernels + res[i].binaries));
    }
}

int main(int argc, char **argv)
{
    const char *names[MAX_PLATFORMS] = {"hmmcl", "Portable"};
    int nnames = 2, given = 0, reps = 3, status = 0;
    unsigned m = 256;
    size_t n = 1 << 22, local = 0;
    unsigned units = 80;
    struct result res[MAX_PLATFORMS];

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc)
            m = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--triad") && i + 1 < argc)
            n = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--local") && i + 1 < argc)
            local = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--malloc"))
            use_malloc = 1;
        else if (!strcmp(argv[i], "--faults") && i + 1 < argc)
            fault_pages = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--large") && i + 1 < argc)
            units = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--library") && i + 1 < argc)
            library_units = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--build-only"))
            build_only = 1;
        else if (argv[i][0] == '-' || given == MAX_PLATFORMS) {
            fprintf(stderr, "usage: hmmcl-bench [--size M] [--triad N] [--reps R] [--local L] "
                            "[--malloc] [--faults P] [--large U] [--library L] [--build-only] "
                            "[PLATFORM[:cpu|gpu] ...]\n");
            return 2;
        } else
            names[given++] = argv[i];
    }
    if (given)
        nnames = given;
    if (m < 1 || n < 1 || reps < 1 || (local && ((local < m && m % local) || n % local))) {
        fprintf(stderr, "hmmcl-bench: bad sizes (--local must divide --size and --triad)\n");
        return 2;
    }
    /* Cold builds: neither implementation may answer from its program cache. */
    setenv("HMMCL_CACHE", "0", 1);
    setenv("POCL_KERNEL_CACHE", "0", 1);
    memset(res, 0, sizeof(res));
    for (int i = 0; i < nnames; i++) {
        if (bench_platform(names[i], m, n, reps, local, units, &res[i]))
            status = 1;
    }
    if (units)
        print_large(names, nnames, units, res);
    if (build_only) {
        for (int i = 0; i < nnames; i++)
            status |= !res[i].ok;
        return status;
    }

    printf("%-12s %-30s %14s %12s %16s %s\n", "platform", "device", "mul_mat", "triad",
           "first touches", "check");
    for (int i = 0; i < nnames; i++)
        printf("%-12.12s %-30.30s %8.3f GFLOP/s %7.2f GB/s %12.0f /s %s\n", res[i].name,
               res[i].device, res[i].gflops, res[i].gbs, res[i].faults, res[i].ok ? "ok" : "WRONG");
    for (int i = 1; i < nnames; i++) {
        if (res[0].gflops > 0 && res[i].gflops > 0)
            printf("ratio %s/%s: mul_mat %.3f, triad %.3f", names[0], names[i],
                   res[0].gflops / res[i].gflops, res[0].gbs / res[i].gbs);
        if (res[0].faults > 0 && res[i].faults > 0)
            printf(", first touches %.3f", res[0].faults / res[i].faults);
        printf("\n");
    }
    printf("mul_mat %ux%u, triad %zu floats, best of %d, work-group %s, %s memory\n", m, m, n, reps,
           local ? "forced" : "chosen by the implementation",
           use_malloc ? "malloc" : "clSVMAlloc fine-grain");
    for (int i = 0; i < nnames; i++)
        status |= !res[i].ok;
    return status;
}
