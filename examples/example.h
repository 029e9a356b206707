/* SPDX-License-Identifier: MIT */
/*
 * What the kernel examples (mul_mat, linked_list, atomic_counter) share:
 * picking the platform and a device (its default one unless asked), error names, building a
 * program from OpenCL C source with its log on failure. Plain OpenCL 3.0
 * through the ICD loader; nothing here knows about hmmcl.
 */
#ifndef HMMCL_EXAMPLE_H
#define HMMCL_EXAMPLE_H

#include <CL/cl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct example {
    const char *prog; /* program name for messages */
    cl_platform_id platform;
    cl_device_id device;
    cl_context context;
    cl_command_queue queue;
};

static inline const char *example_error_name(cl_int err)
{
    switch (err) {
#define NAME(e)                                                                                    \
    case e:                                                                                        \
        return #e;
        NAME(CL_SUCCESS)
        NAME(CL_DEVICE_NOT_FOUND)
        NAME(CL_COMPILER_NOT_AVAILABLE)
        NAME(CL_OUT_OF_RESOURCES)
        NAME(CL_OUT_OF_HOST_MEMORY)
        NAME(CL_BUILD_PROGRAM_FAILURE)
        NAME(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
        NAME(CL_INVALID_VALUE)
        NAME(CL_INVALID_PLATFORM)
        NAME(CL_INVALID_DEVICE)
        NAME(CL_INVALID_CONTEXT)
        NAME(CL_INVALID_COMMAND_QUEUE)
        NAME(CL_INVALID_MEM_OBJECT)
        NAME(CL_INVALID_BUILD_OPTIONS)
        NAME(CL_INVALID_PROGRAM)
        NAME(CL_INVALID_PROGRAM_EXECUTABLE)
        NAME(CL_INVALID_KERNEL_NAME)
        NAME(CL_INVALID_KERNEL)
        NAME(CL_INVALID_ARG_INDEX)
        NAME(CL_INVALID_ARG_VALUE)
        NAME(CL_INVALID_ARG_SIZE)
        NAME(CL_INVALID_KERNEL_ARGS)
        NAME(CL_INVALID_WORK_DIMENSION)
        NAME(CL_INVALID_WORK_GROUP_SIZE)
        NAME(CL_INVALID_WORK_ITEM_SIZE)
        NAME(CL_INVALID_GLOBAL_OFFSET)
        NAME(CL_INVALID_EVENT_WAIT_LIST)
        NAME(CL_INVALID_OPERATION)
        NAME(-1001) /* CL_PLATFORM_NOT_FOUND_KHR, from the ICD loader */
#undef NAME
    default:
        return "unknown OpenCL error";
    }
}

/* Evaluates to 1 (after a message) when @err is an error. */
#define EXAMPLE_FAILED(ex, err, what) example_report((ex), (err), (what), __FILE__, __LINE__)

static inline int example_report(const struct example *ex, cl_int err, const char *what,
                                 const char *file, int line)
{
    const char *base = strrchr(file, '/');

    if (err == CL_SUCCESS)
        return 0;
    fprintf(stderr, "%s: %s failed: %s (%d) [%s:%d]\n", ex->prog, what, example_error_name(err),
            (int)err, base ? base + 1 : file, line);
    return 1;
}

/* A string query of a platform (@device NULL) or a device, malloc'd; NULL on error. */
static inline char *example_string(cl_platform_id platform, cl_device_id device, cl_uint param)
{
    size_t size = 0;
    char *s;

    if ((device ? clGetDeviceInfo(device, param, 0, NULL, &size)
                : clGetPlatformInfo(platform, param, 0, NULL, &size)) != CL_SUCCESS)
        return NULL;
    s = malloc(size + 1);
    if (s && (device ? clGetDeviceInfo(device, param, size, s, NULL)
                     : clGetPlatformInfo(platform, param, size, s, NULL)) != CL_SUCCESS) {
        free(s);
        return NULL;
    }
    if (s)
        s[size] = '\0';
    return s;
}

/* The value of option @name in @argv, removed from it with the option; NULL if absent. */
static inline const char *example_take_option(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], name) && i + 1 < *argc) {
            const char *value = argv[i + 1];

            for (int j = i; j + 2 <= *argc; j++)
                argv[j] = argv[j + 2];
            *argc -= 2;
            return value;
        }
    }
    return NULL;
}

/* A device type by name (cpu, gpu, accelerator, default, all); 0 if unknown. */
static inline cl_device_type example_device_type(const char *name)
{
    static const struct {
        const char *name;
        cl_device_type type;
    } types[] = {
        {"cpu", CL_DEVICE_TYPE_CPU},
        {"gpu", CL_DEVICE_TYPE_GPU},
        {"accelerator", CL_DEVICE_TYPE_ACCELERATOR},
        {"default", CL_DEVICE_TYPE_DEFAULT},
        {"all", CL_DEVICE_TYPE_ALL},
    };

    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (!strcasecmp(name, types[i].name))
            return types[i].type;
    }
    return 0;
}

/*
 * The platform named by --platform NAME in @argv, else $HMMCL_PLATFORM, else
 * "hmmcl": an exact CL_PLATFORM_NAME, failing that the first containing it
 * (ignoring case). Then its first device of the type --device-type TYPE
 * names, else $HMMCL_DEVICE_TYPE, else its default device (both options are
 * removed from @argv), a context and an in-order queue (with profiling if
 * @profiling). Returns 0 or 1 after a message.
 */
static inline int example_open(struct example *ex, const char *prog, int *argc, char **argv,
                               int profiling)
{
    const char *wanted = example_take_option(argc, argv, "--platform");
    const char *type_name = example_take_option(argc, argv, "--device-type");
    cl_device_type type = CL_DEVICE_TYPE_DEFAULT;
    cl_platform_id platforms[16];
    cl_uint count = 0;
    cl_int err;

    memset(ex, 0, sizeof(*ex));
    ex->prog = prog;
    if (!wanted)
        wanted = getenv("HMMCL_PLATFORM");
    if (!type_name)
        type_name = getenv("HMMCL_DEVICE_TYPE");
    if (type_name && *type_name && !(type = example_device_type(type_name))) {
        fprintf(stderr, "%s: unknown device type \"%s\" (cpu, gpu, accelerator, default, all)\n",
                prog, type_name);
        return 1;
    }
    if (!wanted || !*wanted)
        wanted = "hmmcl";
    err = clGetPlatformIDs(16, platforms, &count);
    if (err == -1001 || (err == CL_SUCCESS && !count)) {
        fprintf(stderr,
                "%s: the ICD loader found no OpenCL platform (for an uninstalled build "
                "set OCL_ICD_VENDORS=<build>/icd)\n",
                prog);
        return 1;
    }
    if (EXAMPLE_FAILED(ex, err, "clGetPlatformIDs"))
        return 1;
    if (count > 16)
        count = 16;
    for (int exact = 1; exact >= 0 && !ex->platform; exact--) {
        for (cl_uint i = 0; i < count && !ex->platform; i++) {
            char *name = example_string(platforms[i], NULL, CL_PLATFORM_NAME);

            if (name && (exact ? !strcmp(name, wanted) : strcasestr(name, wanted) != NULL))
                ex->platform = platforms[i];
            free(name);
        }
    }
    if (!ex->platform) {
        fprintf(stderr, "%s: no platform named \"%s\"; there are:\n", prog, wanted);
        for (cl_uint i = 0; i < count; i++) {
            char *name = example_string(platforms[i], NULL, CL_PLATFORM_NAME);

            fprintf(stderr, "  %s\n", name ? name : "(name query failed)");
            free(name);
        }
        return 1;
    }
    err = clGetDeviceIDs(ex->platform, type, 1, &ex->device, NULL);
    if (err == CL_DEVICE_NOT_FOUND && type_name) {
        fprintf(stderr, "%s: the platform has no device of type %s\n", prog, type_name);
        return 1;
    }
    if (EXAMPLE_FAILED(ex, err, "clGetDeviceIDs"))
        return 1;
    ex->context = clCreateContext(NULL, 1, &ex->device, NULL, NULL, &err);
    if (EXAMPLE_FAILED(ex, err, "clCreateContext"))
        return 1;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, profiling ? CL_QUEUE_PROFILING_ENABLE : 0,
                                   0};
    ex->queue = clCreateCommandQueueWithProperties(ex->context, ex->device, props, &err);
    if (EXAMPLE_FAILED(ex, err, "clCreateCommandQueueWithProperties"))
        return 1;
    return 0;
}

/* True if the device reports every bit of @caps in CL_DEVICE_SVM_CAPABILITIES. */
static inline int example_has_svm(const struct example *ex, cl_device_svm_capabilities caps)
{
    cl_device_svm_capabilities have = 0;

    if (clGetDeviceInfo(ex->device, CL_DEVICE_SVM_CAPABILITIES, sizeof(have), &have, NULL))
        return 0;
    return (have & caps) == caps;
}

/* A kernel from OpenCL C @src built with @options; NULL after printing the build log. */
static inline cl_kernel example_kernel(const struct example *ex, const char *src,
                                       const char *options, const char *name)
{
    cl_program program;
    cl_kernel kernel;
    cl_int err;

    program = clCreateProgramWithSource(ex->context, 1, &src, NULL, &err);
    if (EXAMPLE_FAILED(ex, err, "clCreateProgramWithSource"))
        return NULL;
    err = clBuildProgram(program, 1, &ex->device, options, NULL, NULL);
    if (err != CL_SUCCESS) {
        size_t size = 0;
        char *log;

        EXAMPLE_FAILED(ex, err, "clBuildProgram");
        clGetProgramBuildInfo(program, ex->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &size);
        log = malloc(size + 1);
        if (log &&
            !clGetProgramBuildInfo(program, ex->device, CL_PROGRAM_BUILD_LOG, size, log, NULL)) {
            log[size] = '\0';
            fprintf(stderr, "%s: build log:\n%s\n", ex->prog, log);
        }
        free(log);
        clReleaseProgram(program);
        return NULL;
    }
    kernel = clCreateKernel(program, name, &err);
    clReleaseProgram(program); /* the kernel keeps it */
    if (EXAMPLE_FAILED(ex, err, "clCreateKernel"))
        return NULL;
    return kernel;
}

static inline void example_close(struct example *ex)
{
    if (ex->queue)
        clReleaseCommandQueue(ex->queue);
    if (ex->context)
        clReleaseContext(ex->context);
}

#endif
