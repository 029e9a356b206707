/* SPDX-License-Identifier: MIT */
/*
 * mul_mat: the design card's example. With fine-grained system SVM a device
 * works on the application's own memory, so offloading a matrix product is
 * one call on plain malloc'd arrays:
 *
 *     float *a = malloc(...), *b = malloc(...), *r = malloc(...);
 *     mul_mat_on_gpu(r, a, b, m);
 *
 * No clSVMAlloc, no buffers, no copies: the pointers go to the kernel with
 * clSetKernelArgSVMPointer. The kernel is OpenCL C built at run time.
 *
 *     mul_mat [--platform NAME] [--device-type TYPE] [--size M]
 *
 * Runs on the default device of the platform "hmmcl" (or --platform NAME, or
 * $HMMCL_PLATFORM), or on its first device of TYPE (cpu, gpu, ...; or
 * $HMMCL_DEVICE_TYPE): hmmgpu devices are GPUs. Checks r = a * b against a
 * host reference and prints the device, the size, the largest error and
 * GFLOP/s, then "mul_mat: OK on <device name>". Exits non-zero on a wrong
 * result or any error.
 */
#include "example.h"

#include <math.h>
#include <time.h>

#define DEFAULT_SIZE 256
#define MAX_SIZE     8192

static const char mul_mat_src[] =
    "kernel void mul_mat(global float *r, global const float *a, global const float *b,\n"
    "                    uint m)\n"
    "{\n"
    "    size_t i = get_global_id(1), j = get_global_id(0);\n"
    "    float s = 0;\n"
    "    for (uint k = 0; k < m; k++)\n"
    "        s += a[i * m + k] * b[k * m + j];\n"
    "    r[i * m + j] = s;\n"
    "}\n";

/* The device, set up once by gpu_open. */
static struct example gpu;
static cl_kernel mul_mat_kernel;

static int gpu_open(int *argc, char **argv)
{
    cl_bool yes = CL_TRUE;

    if (example_open(&gpu, "mul_mat", argc, argv, 0))
        return 1;
    if (!example_has_svm(&gpu, CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)) {
        fprintf(stderr, "mul_mat: the device does not report CL_DEVICE_SVM_FINE_GRAIN_SYSTEM: "
                        "it cannot use malloc'd memory\n");
        return 1;
    }
    mul_mat_kernel = example_kernel(&gpu, mul_mat_src, "", "mul_mat");
    if (!mul_mat_kernel)
        return 1;
    return EXAMPLE_FAILED(&gpu,
                          clSetKernelExecInfo(mul_mat_kernel,
                                              CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM,
                                              sizeof(yes), &yes),
                          "clSetKernelExecInfo");
}

/* r = a * b for m x m row-major matrices in ordinary process memory. */
static cl_int mul_mat_on_gpu(float *r, float *a, float *b, unsigned m)
{
    size_t global[2] = {m, m};
    cl_int err;

    err = clSetKernelArgSVMPointer(mul_mat_kernel, 0, r);
    if (!err)
        err = clSetKernelArgSVMPointer(mul_mat_kernel, 1, a);
    if (!err)
        err = clSetKernelArgSVMPointer(mul_mat_kernel, 2, b);
    if (!err)
        err = clSetKernelArg(mul_mat_kernel, 3, sizeof(m), &m);
    if (!err)
        err =
            clEnqueueNDRangeKernel(gpu.queue, mul_mat_kernel, 2, NULL, global, NULL, 0, NULL, NULL);
    if (!err)
        err = clFinish(gpu.queue);
    return err;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    unsigned m = DEFAULT_SIZE;
    float *a, *b, *r;
    double max_err = 0, scale = 0, best = 0;
    char *name = NULL;
    int status = 1;

    if (gpu_open(&argc, argv))
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc) {
            m = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: mul_mat [--platform NAME] [--device-type TYPE] [--size M]\n");
            return 2;
        }
    }
    if (m < 1 || m > MAX_SIZE) {
        fprintf(stderr, "mul_mat: size must be 1..%d\n", MAX_SIZE);
        return 2;
    }

    a = malloc(sizeof(float) * m * m);
    b = malloc(sizeof(float) * m * m);
    r = malloc(sizeof(float) * m * m);
    if (!a || !b || !r) {
        fprintf(stderr, "mul_mat: out of memory\n");
        goto out;
    }
    for (size_t i = 0; i < (size_t)m * m; i++) {
        a[i] = (float)((i * 7) % 13) / 13.0f - 0.5f;
        b[i] = (float)((i * 5) % 11) / 11.0f - 0.5f;
        r[i] = NAN;
    }

    /* The first call also checks the result; the best of up to three timed calls is reported. */
    for (int run = 0; run < 4; run++) {
        double t0 = now(), t;

        if (EXAMPLE_FAILED(&gpu, mul_mat_on_gpu(r, a, b, m), "mul_mat_on_gpu"))
            goto out;
        t = now() - t0;
        if (run && (!best || t < best))
            best = t;
        if (!run && t > 2.0)
            best = t; /* slow device: one measurement is enough */
        if (best > 2.0)
            break;
    }

    for (unsigned i = 0; i < m; i++) {
        for (unsigned j = 0; j < m; j++) {
            double s = 0, e;

            for (unsigned k = 0; k < m; k++)
                s += (double)a[(size_t)i * m + k] * b[(size_t)k * m + j];
            e = fabs(s - r[(size_t)i * m + j]);
            if (!(e <= max_err))
                max_err = e; /* NaN (an element never written) sticks */
            if (fabs(s) > scale)
                scale = fabs(s);
        }
    }
    name = example_string(NULL, gpu.device, CL_DEVICE_NAME);
    printf("device: %s\n", name ? name : "?");
    printf("size: %u x %u\n", m, m);
    printf("max error: %.3g\n", max_err);
    printf("GFLOP/s: %.3f (%.3f ms)\n", 2.0 * m * m * m / best * 1e-9, best * 1e3);
    /* float accumulation of m products of magnitude <= 0.25: a few ulps per term at most */
    if (!(max_err <= 1e-5 * m * (scale > 1 ? scale : 1))) {
        fprintf(stderr, "mul_mat: wrong result (max error %g)\n", max_err);
        goto out;
    }
    printf("mul_mat: OK on %s\n", name ? name : "?");
    status = 0;
out:
    free(name);
    free(a);
    free(b);
    free(r);
    if (mul_mat_kernel)
        clReleaseKernel(mul_mat_kernel);
    example_close(&gpu);
    return status;
}
