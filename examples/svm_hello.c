/* SPDX-License-Identifier: MIT */
/*
 * svm_hello: fine-grained system SVM with nothing but malloc.
 *
 * Picks the default device of the platform named "hmmcl" (or --platform NAME,
 * or $HMMCL_PLATFORM), prints what it offers for shared virtual memory, then
 * hands it ordinary process memory -- malloc'd arrays and a stack array, no
 * clSVMAlloc, no buffers:
 *
 *   1. clEnqueueSVMMemFill fills a malloc'd array with a pattern;
 *   2. clEnqueueSVMMemcpy copies it to another malloc'd array (blocking) and
 *      a slice of it to a stack array (non-blocking, waited on by event);
 *   3. if the device runs native kernels, clEnqueueNativeKernel sums a
 *      malloc'd array whose pointer travels inside the argument struct.
 *
 * Every result is checked; exits non-zero on the first error or mismatch.
 * Runs against any platform whose device reports
 * CL_DEVICE_SVM_FINE_GRAIN_SYSTEM.
 */
#include <CL/cl.h>
#include <CL/hmmcl_ext.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FILL_COUNT  (1u << 16) /* uint32_t elements filled and copied */
#define STACK_COUNT 256u       /* elements copied to the stack array */
#define STACK_FIRST 1000u      /* first element of that slice */
#define SUM_COUNT   100000u    /* elements summed by the native kernel */
#define PATTERN     UINT32_C(0xC0FFEE42)

static const char *error_name(cl_int err)
{
    switch (err) {
#define NAME(e)                                                                                    \
    case e:                                                                                        \
        return #e;
        NAME(CL_SUCCESS)
        NAME(CL_DEVICE_NOT_FOUND)
        NAME(CL_DEVICE_NOT_AVAILABLE)
        NAME(CL_COMPILER_NOT_AVAILABLE)
        NAME(CL_MEM_OBJECT_ALLOCATION_FAILURE)
        NAME(CL_OUT_OF_RESOURCES)
        NAME(CL_OUT_OF_HOST_MEMORY)
        NAME(CL_PROFILING_INFO_NOT_AVAILABLE)
        NAME(CL_MEM_COPY_OVERLAP)
        NAME(CL_MAP_FAILURE)
        NAME(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
        NAME(CL_INVALID_VALUE)
        NAME(CL_INVALID_DEVICE_TYPE)
        NAME(CL_INVALID_PLATFORM)
        NAME(CL_INVALID_DEVICE)
        NAME(CL_INVALID_CONTEXT)
        NAME(CL_INVALID_QUEUE_PROPERTIES)
        NAME(CL_INVALID_COMMAND_QUEUE)
        NAME(CL_INVALID_HOST_PTR)
        NAME(CL_INVALID_MEM_OBJECT)
        NAME(CL_INVALID_PROGRAM)
        NAME(CL_INVALID_PROGRAM_EXECUTABLE)
        NAME(CL_INVALID_KERNEL)
        NAME(CL_INVALID_KERNEL_ARGS)
        NAME(CL_INVALID_WORK_DIMENSION)
        NAME(CL_INVALID_WORK_GROUP_SIZE)
        NAME(CL_INVALID_EVENT_WAIT_LIST)
        NAME(CL_INVALID_EVENT)
        NAME(CL_INVALID_OPERATION)
        NAME(CL_INVALID_BUFFER_SIZE)
        NAME(CL_INVALID_PROPERTY)
        NAME(CL_INVALID_DEVICE_QUEUE)
        NAME(-1001) /* CL_PLATFORM_NOT_FOUND_KHR, from the ICD loader */
#undef NAME
    default:
        return "unknown OpenCL error";
    }
}

/* Reports a failed call; evaluates to 1 when err is an error. */
#define FAILED(err, what) report((err), (what), __LINE__)

static int report(cl_int err, const char *what, int line)
{
    if (err == CL_SUCCESS)
        return 0;
    fprintf(stderr, "svm_hello: %s failed: %s (%d) [svm_hello.c:%d]\n", what, error_name(err),
            (int)err, line);
    return 1;
}

/* A string property of a platform or device, in a malloc'd buffer. */
static char *platform_string(cl_platform_id platform, cl_platform_info param)
{
    size_t size = 0;
    if (FAILED(clGetPlatformInfo(platform, param, 0, NULL, &size), "clGetPlatformInfo"))
        return NULL;
    char *s = malloc(size + 1);
    if (s == NULL)
        return NULL;
    if (FAILED(clGetPlatformInfo(platform, param, size, s, NULL), "clGetPlatformInfo")) {
        free(s);
        return NULL;
    }
    s[size] = '\0';
    return s;
}

static char *device_string(cl_device_id device, cl_device_info param)
{
    size_t size = 0;
    if (FAILED(clGetDeviceInfo(device, param, 0, NULL, &size), "clGetDeviceInfo"))
        return NULL;
    char *s = malloc(size + 1);
    if (s == NULL)
        return NULL;
    if (FAILED(clGetDeviceInfo(device, param, size, s, NULL), "clGetDeviceInfo")) {
        free(s);
        return NULL;
    }
    s[size] = '\0';
    return s;
}

/*
 * The platform whose CL_PLATFORM_NAME is `wanted`; failing an exact match,
 * the first whose name contains it, ignoring case.
 */
static cl_platform_id find_platform(const char *wanted)
{
    cl_uint count = 0;
    cl_int err = clGetPlatformIDs(0, NULL, &count);
    if (err == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || (err == CL_SUCCESS && count == 0)) {
        fprintf(stderr,
                "svm_hello: the ICD loader found no OpenCL platform (for an uninstalled build "
                "set OCL_ICD_VENDORS=<build>/icd)\n");
        return NULL;
    }
    if (FAILED(err, "clGetPlatformIDs"))
        return NULL;
    cl_platform_id *platforms = calloc(count, sizeof(*platforms));
    if (platforms == NULL)
        return NULL;
    cl_platform_id found = NULL;
    if (FAILED(clGetPlatformIDs(count, platforms, NULL), "clGetPlatformIDs"))
        goto out;
    for (int exact = 1; exact >= 0 && found == NULL; exact--) {
        for (cl_uint i = 0; i < count && found == NULL; i++) {
            char *name = platform_string(platforms[i], CL_PLATFORM_NAME);
            if (name == NULL)
                continue;
            if (exact ? strcmp(name, wanted) == 0 : strcasestr(name, wanted) != NULL)
                found = platforms[i];
            free(name);
        }
    }
    if (found == NULL) {
        fprintf(stderr, "svm_hello: no platform named \"%s\"; there are:\n", wanted);
        for (cl_uint i = 0; i < count; i++) {
            char *name = platform_string(platforms[i], CL_PLATFORM_NAME);
            fprintf(stderr, "  %s\n", name != NULL ? name : "(name query failed)");
            free(name);
        }
    }
out:
    free(platforms);
    return found;
}

static void print_svm_capabilities(cl_device_svm_capabilities caps)
{
    static const struct {
        cl_device_svm_capabilities bit;
        const char *name;
    } bits[] = {
        {CL_DEVICE_SVM_COARSE_GRAIN_BUFFER, "coarse-grain buffer"},
        {CL_DEVICE_SVM_FINE_GRAIN_BUFFER, "fine-grain buffer"},
        {CL_DEVICE_SVM_FINE_GRAIN_SYSTEM, "fine-grain system"},
        {CL_DEVICE_SVM_ATOMICS, "atomics"},
    };
    printf("SVM capabilities: ");
    const char *sep = "";
    for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        if (caps & bits[i].bit) {
            printf("%s%s", sep, bits[i].name);
            sep = ", ";
        }
    }
    printf("%s\n", *sep ? "" : "none");
}

/* The native kernel's argument block: pointers into malloc'd memory. */
struct sum_args {
    const uint32_t *data;
    size_t count;
    uint64_t *sum;
};

static void CL_CALLBACK sum_kernel(void *p)
{
    const struct sum_args *args = p;
    uint64_t sum = 0;
    for (size_t i = 0; i < args->count; i++)
        sum += args->data[i];
    *args->sum = sum;
}

static int check_pattern(const char *what, const uint32_t *v, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (v[i] != PATTERN) {
            fprintf(stderr,
                    "svm_hello: %s: element %zu is 0x%08" PRIx32 ", expected 0x%08" PRIx32 "\n",
                    what, i, v[i], PATTERN);
            return 1;
        }
    }
    return 0;
}

/* Fill and copy between malloc'd and stack memory. */
static int fill_and_copy(cl_command_queue queue)
{
    int ret = 1;
    const size_t size = FILL_COUNT * sizeof(uint32_t);
    uint32_t *src = malloc(size);
    uint32_t *dst = malloc(size);
    uint32_t stack[STACK_COUNT];
    cl_event copied = NULL;
    const uint32_t pattern = PATTERN;

    if (src == NULL || dst == NULL) {
        fprintf(stderr, "svm_hello: out of host memory\n");
        goto out;
    }
    memset(src, 0, size);
    memset(dst, 0, size);
    memset(stack, 0, sizeof(stack));

    if (FAILED(clEnqueueSVMMemFill(queue, src, &pattern, sizeof(pattern), size, 0, NULL, NULL),
               "clEnqueueSVMMemFill(malloc)"))
        goto out;
    /* In-order queue: the copies see the fill. */
    if (FAILED(clEnqueueSVMMemcpy(queue, CL_TRUE, dst, src, size, 0, NULL, NULL),
               "clEnqueueSVMMemcpy(malloc -> malloc)"))
        goto out;
    if (FAILED(clEnqueueSVMMemcpy(queue, CL_FALSE, stack, src + STACK_FIRST, sizeof(stack), 0, NULL,
                                  &copied),
               "clEnqueueSVMMemcpy(malloc -> stack)"))
        goto out;
    if (FAILED(clWaitForEvents(1, &copied), "clWaitForEvents"))
        goto out;

    if (check_pattern("filled malloc array", src, FILL_COUNT) ||
        check_pattern("malloc array copy", dst, FILL_COUNT) ||
        check_pattern("stack array copy", stack, STACK_COUNT))
        goto out;
    printf("fill %zu bytes of malloc memory, copy to malloc and stack memory: OK\n", size);
    ret = 0;
out:
    if (copied != NULL)
        clReleaseEvent(copied);
    free(src);
    free(dst);
    return ret;
}

/* A native kernel reading malloc'd memory through a pointer in its args. */
static int native_sum(cl_command_queue queue)
{
    int ret = 1;
    uint32_t *data = malloc(SUM_COUNT * sizeof(uint32_t));
    uint64_t *sum = malloc(sizeof(*sum));
    uint64_t expected = 0;

    if (data == NULL || sum == NULL) {
        fprintf(stderr, "svm_hello: out of host memory\n");
        goto out;
    }
    for (uint32_t i = 0; i < SUM_COUNT; i++) {
        data[i] = 3 * i + 1;
        expected += data[i];
    }
    *sum = 0;

    /* The runtime copies the struct; the pointers inside it stay valid. */
    struct sum_args args = {.data = data, .count = SUM_COUNT, .sum = sum};
    if (FAILED(clEnqueueNativeKernel(queue, sum_kernel, &args, sizeof(args), 0, NULL, NULL, 0, NULL,
                                     NULL),
               "clEnqueueNativeKernel"))
        goto out;
    if (FAILED(clFinish(queue), "clFinish"))
        goto out;
    if (*sum != expected) {
        fprintf(stderr, "svm_hello: native kernel sum is %" PRIu64 ", expected %" PRIu64 "\n", *sum,
                expected);
        goto out;
    }
    printf("native kernel summed %u elements of a malloc'd array: OK (%" PRIu64 ")\n", SUM_COUNT,
           *sum);
    ret = 0;
out:
    free(data);
    free(sum);
    return ret;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: svm_hello [--platform NAME]\n"
               "  NAME defaults to $HMMCL_PLATFORM, else \"" CL_HMMCL_PLATFORM_NAME "\"\n");
}

int main(int argc, char **argv)
{
    const char *wanted = getenv("HMMCL_PLATFORM");
    if (wanted == NULL || *wanted == '\0')
        wanted = CL_HMMCL_PLATFORM_NAME;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc) {
            wanted = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }

    int ret = 1;
    char *platform_name = NULL, *platform_version = NULL, *device_name = NULL;
    cl_context context = NULL;
    cl_command_queue queue = NULL;
    cl_device_id device = NULL;
    cl_int err;

    cl_platform_id platform = find_platform(wanted);
    if (platform == NULL)
        goto out;
    platform_name = platform_string(platform, CL_PLATFORM_NAME);
    platform_version = platform_string(platform, CL_PLATFORM_VERSION);
    if (platform_name == NULL || platform_version == NULL)
        goto out;
    printf("platform: %s (%s)\n", platform_name, platform_version);

    if (FAILED(clGetDeviceIDs(platform, CL_DEVICE_TYPE_DEFAULT, 1, &device, NULL),
               "clGetDeviceIDs(CL_DEVICE_TYPE_DEFAULT)"))
        goto out;
    device_name = device_string(device, CL_DEVICE_NAME);
    if (device_name == NULL)
        goto out;
    printf("device: %s\n", device_name);

    cl_device_svm_capabilities svm = 0;
    cl_device_exec_capabilities exec = 0;
    if (FAILED(clGetDeviceInfo(device, CL_DEVICE_SVM_CAPABILITIES, sizeof(svm), &svm, NULL),
               "clGetDeviceInfo(CL_DEVICE_SVM_CAPABILITIES)") ||
        FAILED(clGetDeviceInfo(device, CL_DEVICE_EXECUTION_CAPABILITIES, sizeof(exec), &exec, NULL),
               "clGetDeviceInfo(CL_DEVICE_EXECUTION_CAPABILITIES)"))
        goto out;
    print_svm_capabilities(svm);
    if (!(svm & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)) {
        fprintf(stderr, "svm_hello: %s does not support fine-grained system SVM\n", device_name);
        goto out;
    }

    context = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    if (FAILED(err, "clCreateContext"))
        goto out;
    queue = clCreateCommandQueueWithProperties(context, device, NULL, &err);
    if (FAILED(err, "clCreateCommandQueueWithProperties"))
        goto out;

    if (fill_and_copy(queue))
        goto out;
    if (exec & CL_EXEC_NATIVE_KERNEL) {
        if (native_sum(queue))
            goto out;
    } else {
        printf("native kernels: not supported by this device, skipped\n");
    }
    printf("svm_hello: OK on %s\n", device_name);
    ret = 0;
out:
    if (queue != NULL)
        clReleaseCommandQueue(queue);
    if (context != NULL)
        clReleaseContext(context);
    free(device_name);
    free(platform_version);
    free(platform_name);
    return ret;
}
