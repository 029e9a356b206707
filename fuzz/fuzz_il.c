// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a SPIR-V module through clCreateProgramWithIL and
 * clBuildProgram on the CPU device, in process: the validator
 * (compiler/spirv_validate.c), the lowering to device ISA
 * (compiler/spirv_lower.c), the verifier run by the executable loader, and
 * the kernel objects made from the result. A program that builds has its
 * image run through the executor as fuzz_verify does (fuzz/run_kernels.h).
 *
 * Beyond the sanitizers' findings, it aborts when a build fails with
 * anything but CL_BUILD_PROGRAM_FAILURE and a log, and when the lowering
 * produces an image the verifier rejects (the compiler's bug, not the
 * input's).
 *
 * A module that calls built-ins only the library implements is relinked
 * through llvm-spirv-15 and llvm-link-15 child processes (compiler/
 * frontend.c), some 100 ms each: that would make such inputs most of the
 * run's time and fuzz LLVM rather than hmmcl. Unless FUZZ_IL_RELINK=1 is
 * set, HMMCL_LLVM_SPIRV names a program that does not exist, so the relink
 * fails at once with its error; docs/fuzzing.md.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CL/cl.h>

#include "compiler/binary.h"
#include "engine/engine.h"
#include "fuzz/run_kernels.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cl_context context;
static cl_device_id device;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *relink = getenv("FUZZ_IL_RELINK");
    cl_platform_id platform;
    cl_int err;

    (void)argc;
    (void)argv;
    /* Every input is really built: no program cache (compiler/cache.c). */
    setenv("HMMCL_CACHE", "0", 1);
    if (!relink || strcmp(relink, "1"))
        setenv("HMMCL_LLVM_SPIRV", "/nonexistent/fuzz_il-no-relink/llvm-spirv", 1);
    if (clGetPlatformIDs(1, &platform, NULL) ||
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_CPU, 1, &device, NULL)) {
        fprintf(stderr, "fuzz_il: no hmmcl CPU device\n");
        exit(1);
    }
    context = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    if (!context) {
        fprintf(stderr, "fuzz_il: clCreateContext: %d\n", err);
        exit(1);
    }
    return 0;
}

static char *build_log(cl_program program)
{
    size_t size = 0;
    char *log;

    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &size) || !size)
        return NULL;
    log = malloc(size);
    if (log && clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log, NULL)) {
        free(log);
        return NULL;
    }
    if (log && log[size - 1] != '\0') {
        fprintf(stderr, "fuzz_il: build log not NUL-terminated\n");
        abort();
    }
    return log;
}

/* The image the build produced, parsed and verified again, through the executor. */
static void run_image(cl_program program)
{
    size_t size = 0;
    unsigned char *bin;
    struct hmmcl_binary_view view;
    struct hmm_program prog;
    char buf[256];
    struct hmm_log log = {buf, sizeof(buf), 0};
    void *image;

    if (clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, NULL) || !size)
        abort();
    bin = malloc(size);
    if (!bin || clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL) ||
        hmmcl_binary_unpack(bin, size, &view) || view.type != HMMCL_BINARY_EXECUTABLE)
        abort();
    image = malloc(view.payload_size);
    if (!image)
        abort();
    memcpy(image, view.payload, view.payload_size);
    if (hmm_image_parse(image, view.payload_size, &prog, &log) || hmm_verify(&prog, &log)) {
        fprintf(stderr, "fuzz_il: a built program's image does not verify: %s", buf);
        abort();
    }
    hmm_fuzz_run_kernels(&prog);
    free(image);
    free(bin);
}

/*
 * Whether the log is @prefix's: finish() (core/program_build.c) writes that
 * line first after a lowering that succeeded, which logs nothing. Further
 * in, the log quotes the input (names, strings), so the fuzzer could write
 * the words itself.
 */
static bool starts_with(const char *log, const char *prefix)
{
    return !strncmp(log, prefix, strlen(prefix));
}

/* Kernel objects and their queries, from what the lowering described. */
static void make_kernels(cl_program program)
{
    cl_uint num_kernels = 0;
    cl_kernel *kernels;

    if (clCreateKernelsInProgram(program, 0, NULL, &num_kernels) || !num_kernels)
        return;
    kernels = calloc(num_kernels, sizeof(*kernels));
    if (kernels && !clCreateKernelsInProgram(program, num_kernels, kernels, NULL)) {
        for (cl_uint i = 0; i < num_kernels; i++) {
            char name[256];
            cl_uint num_args = 0;

            clGetKernelInfo(kernels[i], CL_KERNEL_FUNCTION_NAME, sizeof(name), name, NULL);
            clGetKernelInfo(kernels[i], CL_KERNEL_NUM_ARGS, sizeof(num_args), &num_args, NULL);
            clReleaseKernel(kernels[i]);
        }
    }
    free(kernels);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_program program;
    cl_int err;
    char *log;

    program = clCreateProgramWithIL(context, data, size, &err);
    if (!program)
        return 0;
    err = clBuildProgram(program, 1, &device, "", NULL, NULL);
    log = build_log(program);
    if (err == CL_SUCCESS) {
        run_image(program);
        make_kernels(program);
    } else if (err != CL_BUILD_PROGRAM_FAILURE || !log || !*log) {
        fprintf(stderr, "fuzz_il: clBuildProgram %d, log \"%s\"\n", err, log ? log : "(none)");
        abort();
    } else if (starts_with(log, "hmmcl: the program image is invalid") ||
               starts_with(log, "hmmcl: the compiler produced an invalid binary")) {
        fprintf(stderr, "fuzz_il: the lowering made an image the verifier rejects:\n%s", log);
        abort();
    }
    free(log);
    clReleaseProgram(program);
    return 0;
}
