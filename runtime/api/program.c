/* SPDX-License-Identifier: MIT */
/*
 * Program entry points: argument checks and error codes; the compiler's
 * work is in core/program_build.c (builds run synchronously on the calling
 * thread, and pfn_notify is called when they finish).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"
#include "core/context.h"
#include "core/device.h"
#include "core/executable.h"
#include "core/kernel.h"
#include "core/program.h"
#include "util/info.h"
#include "util/log.h"

#define SPIRV_MAGIC       0x07230203u
#define SPIRV_MIN_VERSION 0x00010000u /* 1.0 */
#define SPIRV_MAX_VERSION 0x00010400u /* 1.4 */

/* Every device with a compiler accepts SPIR-V 1.0 to 1.4 (CL_DEVICE_IL_VERSION). */
static bool context_supports_il(cl_context context)
{
    for (cl_uint i = 0; i < context->num_devices; i++) {
        if (context->devices[i]->compiler_available)
            return true;
    }
    return false;
}

static bool devices_have_compiler(const cl_device_id *devices, cl_uint num_devices)
{
    for (cl_uint i = 0; i < num_devices; i++) {
        if (!devices[i]->compiler_available)
            return false;
    }
    return true;
}

/*
 * The device list of a build/compile/link: the list given (each device must
 * be one of @valid's) or all of @valid when none is given.
 */
static cl_int check_device_list(cl_uint num_devices, const cl_device_id *device_list,
                                const cl_device_id *valid, cl_uint num_valid)
{
    /*
     * CL_INVALID_VALUE if device_list is NULL and num_devices is greater than
     * zero, or if device_list is not NULL and num_devices is zero.
     */
    if (!device_list && num_devices)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "device_list is NULL, num_devices %u", num_devices);
    if (device_list && !num_devices)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "device_list given with num_devices 0");
    for (cl_uint i = 0; i < num_devices; i++) {
        cl_uint j = 0;

        while (j < num_valid && valid[j] != device_list[i])
            j++;
        /* CL_INVALID_DEVICE if any device in device_list is not in the list of devices associated
         * with program. */
        if (j == num_valid)
            HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "device_list[%u] = %p is not the program's", i,
                               (void *)device_list[i]);
    }
    return CL_SUCCESS;
}

/* Record an attempt that failed before the compiler ran (status CL_BUILD_ERROR, @log). */
static void record_failure(cl_program program, cl_uint num_devices, const cl_device_id *device_list,
                           const char *options, const char *log)
{
    pthread_mutex_lock(&program->lock);
    for (cl_uint i = 0; i < program->num_devices; i++) {
        struct hmmcl_program_build *b = &program->builds[i];
        bool listed = !device_list;

        for (cl_uint j = 0; j < num_devices && !listed; j++)
            listed = device_list[j] == program->devices[i];
        if (!listed)
            continue;
        free(b->options);
        free(b->log);
        b->options = strdup(options ? options : "");
        b->log = strdup(log);
        b->status = CL_BUILD_ERROR;
    }
    pthread_mutex_unlock(&program->lock);
}

CL_API_ENTRY cl_program CL_API_CALL clCreateProgramWithSource(cl_context context, cl_uint count,
                                                              const char **strings,
                                                              const size_t *lengths,
                                                              cl_int *errcode_ret)
{
    cl_program program = NULL;
    size_t total = 0;
    char *p;
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_VALUE if count is zero or if strings or any entry in strings is NULL. */
    if (!count || !strings)
        HMMCL_FAIL(CL_INVALID_VALUE, "count %u, strings %p", count, (void *)strings);
    for (cl_uint i = 0; i < count; i++) {
        if (!strings[i])
            HMMCL_FAIL(CL_INVALID_VALUE, "strings[%u] is NULL", i);
        /* A length of 0 (or no lengths) means NUL-terminated. */
        total += lengths && lengths[i] ? lengths[i] : strlen(strings[i]);
    }

    program = hmmcl_program_create(context, context->devices, context->num_devices,
                                   HMMCL_PROGRAM_FROM_SOURCE);
    if (!program)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "program");
    program->arg_info_visible = true;
    program->source = p = malloc(total + 1);
    if (!p)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "source of %zu bytes", total);
    for (cl_uint i = 0; i < count; i++) {
        size_t n = lengths && lengths[i] ? lengths[i] : strlen(strings[i]);

        memcpy(p, strings[i], n);
        p += n;
    }
    *p = '\0';
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return program;

error:
    if (program)
        hmmcl_object_release(&program->obj);
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

/*
 * The checks clCreateProgramWithBinary and clCreateProgramWithBuiltInKernels
 * share, in the order both list them.
 */
static cl_int check_context_devices(cl_context context, cl_uint num_devices,
                                    const cl_device_id *device_list)
{
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_VALUE if device_list is NULL or num_devices is zero. */
    if (!device_list || !num_devices)
        HMMCL_FAIL(CL_INVALID_VALUE, "device_list %p, num_devices %u", (void *)device_list,
                   num_devices);
    /* CL_INVALID_DEVICE if any device in device_list is not in the list of devices associated with
     * context. */
    for (cl_uint i = 0; i < num_devices; i++) {
        if (!hmmcl_context_has_device(context, device_list[i]))
            HMMCL_FAIL(CL_INVALID_DEVICE, "device_list[%u] = %p is not the context's", i,
                       (void *)device_list[i]);
    }
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_program CL_API_CALL clCreateProgramWithBinary(
    cl_context context, cl_uint num_devices, const cl_device_id *device_list, const size_t *lengths,
    const unsigned char **binaries, cl_int *binary_status, cl_int *errcode_ret)
{
    cl_program program = NULL;
    cl_int err, bad = CL_SUCCESS;

    err = check_context_devices(context, num_devices, device_list);
    if (err)
        goto error;
    /*
     * CL_INVALID_VALUE if lengths or binaries is NULL or if any entry in
     * lengths[i] is zero or binaries[i] is NULL.
     */
    if (!lengths || !binaries)
        HMMCL_FAIL(CL_INVALID_VALUE, "lengths %p, binaries %p", (void *)lengths, (void *)binaries);
    for (cl_uint i = 0; i < num_devices; i++) {
        if (!lengths[i] || !binaries[i]) {
            if (binary_status)
                binary_status[i] = CL_INVALID_VALUE;
            HMMCL_FAIL(CL_INVALID_VALUE, "binary %u: length %zu, pointer %p", i, lengths[i],
                       (void *)binaries[i]);
        }
    }
    program = hmmcl_program_create(context, device_list, num_devices, HMMCL_PROGRAM_FROM_BINARY);
    if (!program)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "program");
    /*
     * CL_INVALID_BINARY if an invalid program binary was encountered for any
     * device. binary_status returns whether the program binary for each
     * device specified in device_list was loaded successfully or not.
     */
    for (cl_uint i = 0; i < num_devices; i++) {
        cl_int st = hmmcl_program_load_binary(program, i, binaries[i], lengths[i]);

        if (binary_status)
            binary_status[i] = st;
        if (st && !bad)
            bad = st;
    }
    if (bad)
        HMMCL_FAIL(bad, "a binary did not load");
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return program;

error:
    if (program)
        hmmcl_object_release(&program->obj);
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_program CL_API_CALL clCreateProgramWithIL(cl_context context, const void *il,
                                                          size_t length, cl_int *errcode_ret)
{
    cl_program program = NULL;
    uint32_t header[2];
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_OPERATION if no devices in context support intermediate language programs. */
    if (!context_supports_il(context))
        HMMCL_FAIL(CL_INVALID_OPERATION, "no device of the context accepts IL");
    /*
     * CL_INVALID_VALUE if il is NULL or if length is zero or if the
     * length-byte memory pointed to by il does not contain well-formed
     * intermediate language input appropriate for the deployment
     * environment: SPIR-V 1.0 to 1.4 in the host's byte order. The module
     * itself is validated when it is built.
     */
    if (!il || !length)
        HMMCL_FAIL(CL_INVALID_VALUE, "il %p, length %zu", il, length);
    if (length < 20 || length % 4)
        HMMCL_FAIL(CL_INVALID_VALUE, "%zu bytes are not a SPIR-V module", length);
    memcpy(header, il, sizeof(header));
    if (header[0] != SPIRV_MAGIC)
        HMMCL_FAIL(CL_INVALID_VALUE, "magic 0x%08x is not SPIR-V's", header[0]);
    if (header[1] < SPIRV_MIN_VERSION || header[1] > SPIRV_MAX_VERSION || (header[1] & 0xff0000ffu))
        HMMCL_FAIL(CL_INVALID_VALUE, "SPIR-V version word 0x%08x is not 1.0 to 1.4", header[1]);

    program = hmmcl_program_create(context, context->devices, context->num_devices,
                                   HMMCL_PROGRAM_FROM_IL);
    if (!program)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "program");
    program->il = malloc(length);
    if (!program->il)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "IL of %zu bytes", length);
    memcpy(program->il, il, length);
    program->il_size = length;
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return program;

error:
    if (program)
        hmmcl_object_release(&program->obj);
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_program CL_API_CALL clCreateProgramWithBuiltInKernels(
    cl_context context, cl_uint num_devices, const cl_device_id *device_list,
    const char *kernel_names, cl_int *errcode_ret)
{
    cl_int err;

    err = check_context_devices(context, num_devices, device_list);
    if (err)
        goto error;
    /*
     * CL_INVALID_VALUE if kernel_names is NULL or kernel_names contains a
     * kernel name that is not supported by any of the devices in
     * device_list: no device has built-in kernels (CL_DEVICE_BUILT_IN_KERNELS
     * is ""), so every name is unsupported.
     */
    HMMCL_FAIL(CL_INVALID_VALUE, "no built-in kernel \"%s\"", kernel_names ? kernel_names : "");

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainProgram(cl_program program)
{
    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    hmmcl_object_retain(&program->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseProgram(cl_program program)
{
    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM) || !hmmcl_object_release(&program->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clSetProgramReleaseCallback(
    cl_program program, void(CL_CALLBACK *pfn_notify)(cl_program program, void *user_data),
    void *user_data)
{
    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    /* CL_INVALID_VALUE if pfn_notify is NULL. */
    if (!pfn_notify)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "pfn_notify is NULL");
    /*
     * CL_INVALID_OPERATION if no devices in the context associated with
     * program support destructor callbacks for program scope global
     * variables. No hmmcl device runs program-scope destructors (OpenCL C
     * has none; CL_PROGRAM_SCOPE_GLOBAL_DTORS_PRESENT is false), so none
     * supports the callback, as the 3.0 specification says of such devices.
     */
    (void)user_data;
    HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device supports program-scope global destructors");
}

CL_API_ENTRY cl_int CL_API_CALL clSetProgramSpecializationConstant(cl_program program,
                                                                   cl_uint spec_id,
                                                                   size_t spec_size,
                                                                   const void *spec_value)
{
    struct hmmcl_fe_spec_const *list, c = {.id = spec_id};
    size_t size;

    /* CL_INVALID_PROGRAM if program is not a valid program object created from an intermediate
     * language. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    if (program->origin != HMMCL_PROGRAM_FROM_IL)
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "program was not created from IL");
    /* CL_INVALID_OPERATION if no devices associated with program support intermediate language
     * programs. */
    if (!context_supports_il(program->context))
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device of the program accepts IL");
    /* CL_INVALID_SPEC_ID if spec_id is not a valid specialization constant identifier. */
    size = hmmcl_program_spec_const_size(program, spec_id);
    if (!size)
        HMMCL_RETURN_ERROR(CL_INVALID_SPEC_ID, "no specialization constant %u", spec_id);
    /*
     * CL_INVALID_VALUE if spec_size does not match the size of the
     * specialization constant in the module, or if spec_value is NULL.
     */
    if (spec_size != size)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "spec_size %zu, constant %u has %zu bytes", spec_size,
                           spec_id, size);
    if (!spec_value)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "spec_value is NULL");
    c.size = (uint32_t)size;
    memcpy(&c.value, spec_value, size); /* little-endian host */
    pthread_mutex_lock(&program->lock);
    list = realloc(program->spec_consts, (program->num_spec_consts + 1) * sizeof(*list));
    if (list) {
        program->spec_consts = list;
        list[program->num_spec_consts++] = c;
    }
    pthread_mutex_unlock(&program->lock);
    if (!list)
        HMMCL_RETURN_ERROR(CL_OUT_OF_HOST_MEMORY, "specialization constant");
    return CL_SUCCESS;
}

/* The checks clBuildProgram and clCompileProgram share. */
static cl_int check_build_args(cl_program program, cl_uint num_devices,
                               const cl_device_id *device_list, bool has_notify, void *user_data)
{
    cl_int err;

    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    err = check_device_list(num_devices, device_list, program->devices, program->num_devices);
    if (err)
        return err;
    /* CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL. */
    if (!has_notify && user_data)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "user_data without pfn_notify");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clBuildProgram(
    cl_program program, cl_uint num_devices, const cl_device_id *device_list, const char *options,
    void(CL_CALLBACK *pfn_notify)(cl_program program, void *user_data), void *user_data)
{
    cl_int err;

    err = check_build_args(program, num_devices, device_list, pfn_notify != NULL, user_data);
    if (err)
        return err;
    /* CL_INVALID_OPERATION if there are kernel objects attached to program. */
    if (atomic_load(&program->num_kernel_objects))
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "program has kernel objects");
    /*
     * CL_COMPILER_NOT_AVAILABLE if program is created with
     * clCreateProgramWithSource or clCreateProgramWithIL and a compiler is
     * not available, i.e. CL_DEVICE_COMPILER_AVAILABLE is CL_FALSE.
     */
    if (program->origin == HMMCL_PROGRAM_FROM_SOURCE || program->origin == HMMCL_PROGRAM_FROM_IL) {
        const cl_device_id *devs = device_list ? device_list : program->devices;
        cl_uint n = device_list ? num_devices : program->num_devices;

        if (!devices_have_compiler(devs, n)) {
            record_failure(program, num_devices, device_list, options,
                           "hmmcl: no OpenCL C compiler is available for this device\n");
            HMMCL_RETURN_ERROR(CL_COMPILER_NOT_AVAILABLE, "no compiler");
        }
    }
    /*
     * CL_INVALID_OPERATION if program was not created with
     * clCreateProgramWithSource, clCreateProgramWithIL or
     * clCreateProgramWithBinary.
     */
    if (program->origin == HMMCL_PROGRAM_FROM_LINK)
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "program was made by clLinkProgram");
    /*
     * CL_INVALID_BINARY if program is created with clCreateProgramWithBinary
     * and devices listed in device_list do not have a valid program binary
     * loaded; CL_INVALID_BUILD_OPTIONS if the build options specified by
     * options are invalid; CL_BUILD_PROGRAM_FAILURE if there is a failure to
     * build the program executable.
     */
    err = hmmcl_program_build(program, num_devices, device_list, options);
    /* The build ran on this thread; pfn_notify hears of its end, success or not. */
    if (pfn_notify)
        pfn_notify(program, user_data);
    if (err)
        HMMCL_RETURN_ERROR(err, "build failed");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clCompileProgram(
    cl_program program, cl_uint num_devices, const cl_device_id *device_list, const char *options,
    cl_uint num_input_headers, const cl_program *input_headers, const char **header_include_names,
    void(CL_CALLBACK *pfn_notify)(cl_program program, void *user_data), void *user_data)
{
    cl_int err;

    err = check_build_args(program, num_devices, device_list, pfn_notify != NULL, user_data);
    if (err)
        return err;
    /*
     * CL_INVALID_VALUE if num_input_headers is zero and header_include_names
     * or input_headers are not NULL; if num_input_headers is not zero and
     * header_include_names or input_headers are NULL.
     */
    if (!num_input_headers && (header_include_names || input_headers))
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "headers given with num_input_headers 0");
    if (num_input_headers && (!header_include_names || !input_headers))
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_input_headers %u without headers",
                           num_input_headers);
    for (cl_uint i = 0; i < num_input_headers; i++) {
        if (!hmmcl_object_is(input_headers[i], HMMCL_MAGIC_PROGRAM))
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "input_headers[%u] is not a program", i);
        if (!header_include_names[i])
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "header_include_names[%u] is NULL", i);
    }
    /* CL_INVALID_OPERATION if there are kernel objects attached to program. */
    if (atomic_load(&program->num_kernel_objects))
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "program has kernel objects");
    /*
     * CL_INVALID_OPERATION if program has no source or IL available, i.e. it
     * has not been created with clCreateProgramWithSource or
     * clCreateProgramWithIL.
     */
    if (program->origin != HMMCL_PROGRAM_FROM_SOURCE && program->origin != HMMCL_PROGRAM_FROM_IL)
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "program has no source or IL");
    /* CL_COMPILER_NOT_AVAILABLE if a compiler is not available. */
    if (!devices_have_compiler(device_list ? device_list : program->devices,
                               device_list ? num_devices : program->num_devices)) {
        record_failure(program, num_devices, device_list, options,
                       "hmmcl: no OpenCL C compiler is available for this device\n");
        HMMCL_RETURN_ERROR(CL_COMPILER_NOT_AVAILABLE, "no compiler");
    }
    /*
     * CL_INVALID_COMPILER_OPTIONS if the compiler options specified by
     * options are invalid; CL_COMPILE_PROGRAM_FAILURE if there is a failure
     * to compile the program source.
     */
    err = hmmcl_program_compile(program, num_devices, device_list, options, num_input_headers,
                                input_headers, header_include_names);
    if (pfn_notify)
        pfn_notify(program, user_data);
    if (err)
        HMMCL_RETURN_ERROR(err, "compile failed");
    return CL_SUCCESS;
}

/* True if @in has a compiled object or library for @device. */
static bool has_object(cl_program in, cl_device_id device)
{
    int d = hmmcl_program_device_index(in, device);
    bool ok;

    if (d < 0)
        return false;
    pthread_mutex_lock(&in->lock);
    ok = in->builds[d].binary &&
         (in->builds[d].binary_type == CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT ||
          in->builds[d].binary_type == CL_PROGRAM_BINARY_TYPE_LIBRARY);
    pthread_mutex_unlock(&in->lock);
    return ok;
}

CL_API_ENTRY cl_program CL_API_CALL
clLinkProgram(cl_context context, cl_uint num_devices, const cl_device_id *device_list,
              const char *options, cl_uint num_input_programs, const cl_program *input_programs,
              void(CL_CALLBACK *pfn_notify)(cl_program program, void *user_data), void *user_data,
              cl_int *errcode_ret)
{
    cl_program program = NULL;
    const cl_device_id *devs;
    cl_uint n;
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /*
     * CL_INVALID_VALUE if device_list is NULL and num_devices is greater
     * than zero, or if device_list is not NULL and num_devices is zero;
     * CL_INVALID_DEVICE if any device in device_list is not in the list of
     * devices associated with context.
     */
    err = check_device_list(num_devices, device_list, context->devices, context->num_devices);
    if (err)
        goto error;
    /*
     * CL_INVALID_VALUE if num_input_programs is zero and input_programs is
     * NULL or if num_input_programs is zero and input_programs is not NULL or
     * if num_input_programs is not zero and input_programs is NULL.
     */
    if (!num_input_programs || !input_programs)
        HMMCL_FAIL(CL_INVALID_VALUE, "num_input_programs %u, input_programs %p", num_input_programs,
                   (void *)input_programs);
    /* CL_INVALID_PROGRAM if programs specified in input_programs are not valid program objects. */
    for (cl_uint i = 0; i < num_input_programs; i++) {
        if (!hmmcl_object_is(input_programs[i], HMMCL_MAGIC_PROGRAM) ||
            input_programs[i]->context != context)
            HMMCL_FAIL(CL_INVALID_PROGRAM, "input_programs[%u] is not a program of the context", i);
    }
    /* CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL. */
    if (!pfn_notify && user_data)
        HMMCL_FAIL(CL_INVALID_VALUE, "user_data without pfn_notify");
    /* CL_LINKER_NOT_AVAILABLE if a linker is not available, i.e. CL_DEVICE_LINKER_AVAILABLE is
     * CL_FALSE. */
    devs = device_list ? device_list : context->devices;
    n = device_list ? num_devices : context->num_devices;
    if (!devices_have_compiler(devs, n))
        HMMCL_FAIL(CL_LINKER_NOT_AVAILABLE, "no linker");
    /*
     * CL_INVALID_OPERATION if the rules for devices containing compiled
     * binaries or libraries as described in input_programs argument are not
     * followed: every input needs a compiled object or a library for every
     * device linked.
     */
    for (cl_uint i = 0; i < num_input_programs; i++) {
        for (cl_uint d = 0; d < n; d++) {
            if (!has_object(input_programs[i], devs[d]))
                HMMCL_FAIL(CL_INVALID_OPERATION,
                           "input_programs[%u] has no compiled object or library for device %u", i,
                           d);
        }
    }
    program = hmmcl_program_create(context, devs, n, HMMCL_PROGRAM_FROM_LINK);
    if (!program)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "program");
    /* Argument information survives a link only if the objects were compiled from source. */
    program->arg_info_visible = true;
    for (cl_uint i = 0; i < num_input_programs; i++)
        program->arg_info_visible &= input_programs[i]->arg_info_visible;
    /*
     * CL_INVALID_LINKER_OPTIONS if the linker options specified by options
     * are invalid; CL_LINK_PROGRAM_FAILURE if there is a failure to link the
     * compiled binaries and/or libraries: the program is returned then, so
     * that its build log can be read.
     */
    err = hmmcl_program_link(program, options, num_input_programs, input_programs);
    if (pfn_notify)
        pfn_notify(program, user_data);
    if (err == CL_LINK_PROGRAM_FAILURE) {
        if (hmmcl_log_enabled())
            hmmcl_log_error(__func__, err, "link failed");
        hmmcl_set_errcode(errcode_ret, err);
        return program;
    }
    if (err)
        HMMCL_FAIL(err, "link failed");
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return program;

error:
    if (program)
        hmmcl_object_release(&program->obj);
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

static cl_int program_info(const struct hmmcl_info *info, cl_program program, cl_program_info param)
{
    cl_int err = CL_SUCCESS;

    switch (param) {
    case CL_PROGRAM_REFERENCE_COUNT:
        return hmmcl_info_uint(info, hmmcl_object_api_refs(&program->obj));
    case CL_PROGRAM_CONTEXT:
        return hmmcl_info_bytes(info, &program->context, sizeof(program->context));
    case CL_PROGRAM_NUM_DEVICES:
        return hmmcl_info_uint(info, program->num_devices);
    case CL_PROGRAM_DEVICES:
        return hmmcl_info_bytes(info, program->devices,
                                program->num_devices * sizeof(program->devices[0]));
    case CL_PROGRAM_SOURCE:
        /* A null string for programs not created from source. */
        return hmmcl_info_string(info, program->source ? program->source : "");
    case CL_PROGRAM_IL:
        /* Nothing (size 0) for programs not created from IL. */
        return hmmcl_info_bytes(info, program->il, program->il ? program->il_size : 0);
    case CL_PROGRAM_BINARY_SIZES: {
        size_t *sizes = calloc(program->num_devices, sizeof(*sizes));

        if (!sizes)
            return CL_OUT_OF_HOST_MEMORY;
        pthread_mutex_lock(&program->lock);
        for (cl_uint i = 0; i < program->num_devices; i++)
            sizes[i] = program->builds[i].binary_size;
        pthread_mutex_unlock(&program->lock);
        err = hmmcl_info_bytes(info, sizes, program->num_devices * sizeof(*sizes));
        free(sizes);
        return err;
    }
    case CL_PROGRAM_BINARIES: {
        /*
         * param_value is an array of num_devices pointers the application
         * allocated; a NULL entry skips that device.
         */
        unsigned char **dst = info->value;
        size_t size = program->num_devices * sizeof(unsigned char *);

        if (dst && info->size < size)
            return CL_INVALID_VALUE;
        if (dst) {
            pthread_mutex_lock(&program->lock);
            for (cl_uint i = 0; i < program->num_devices; i++) {
                if (dst[i] && program->builds[i].binary_size)
                    memcpy(dst[i], program->builds[i].binary, program->builds[i].binary_size);
            }
            pthread_mutex_unlock(&program->lock);
        }
        if (info->size_ret)
            *info->size_ret = size;
        return CL_SUCCESS;
    }
    case CL_PROGRAM_NUM_KERNELS:
    case CL_PROGRAM_KERNEL_NAMES:
        /*
         * CL_INVALID_PROGRAM_EXECUTABLE if param_name is
         * CL_PROGRAM_NUM_KERNELS or CL_PROGRAM_KERNEL_NAMES and a successful
         * program executable has not been built for at least one device in
         * the list of devices associated with program.
         */
        if (!hmmcl_program_has_any_executable(program))
            return CL_INVALID_PROGRAM_EXECUTABLE;
        if (param == CL_PROGRAM_NUM_KERNELS)
            return hmmcl_info_size(info, program->num_kernels);
        {
            size_t len = 1;
            char *names, *p;

            for (size_t i = 0; i < program->num_kernels; i++)
                len += strlen(program->kernels[i].name) + 1;
            names = p = malloc(len);
            if (!names)
                return CL_OUT_OF_HOST_MEMORY;
            *p = '\0';
            for (size_t i = 0; i < program->num_kernels; i++)
                p += sprintf(p, "%s%s", i ? ";" : "", program->kernels[i].name);
            err = hmmcl_info_string(info, names);
            free(names);
            return err;
        }
    /* No device supports program-scope constructors or destructors. */
    case CL_PROGRAM_SCOPE_GLOBAL_CTORS_PRESENT:
    case CL_PROGRAM_SCOPE_GLOBAL_DTORS_PRESENT:
        return hmmcl_info_bool(info, CL_FALSE);
    default:
        return CL_INVALID_VALUE;
    }
}

CL_API_ENTRY cl_int CL_API_CALL clGetProgramInfo(cl_program program, cl_program_info param_name,
                                                 size_t param_value_size, void *param_value,
                                                 size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_FAIL(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    /*
     * CL_INVALID_VALUE if param_name is not valid, or if param_value_size is
     * less than the size of the return type and param_value is not NULL.
     */
    err = program_info(&info, program, param_name);
    if (err)
        HMMCL_FAIL(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clGetProgramBuildInfo(cl_program program, cl_device_id device,
                                                      cl_program_build_info param_name,
                                                      size_t param_value_size, void *param_value,
                                                      size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    struct hmmcl_program_build *b;
    int i;
    cl_int err;

    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_FAIL(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    /* CL_INVALID_DEVICE if device is not in the list of devices associated with program. */
    i = hmmcl_program_device_index(program, device);
    if (i < 0)
        HMMCL_FAIL(CL_INVALID_DEVICE, "%p is not a device of the program", (void *)device);

    b = &program->builds[i];
    pthread_mutex_lock(&program->lock);
    switch (param_name) {
    case CL_PROGRAM_BUILD_STATUS:
        err = hmmcl_info_int(&info, b->status);
        break;
    case CL_PROGRAM_BUILD_OPTIONS:
        err = hmmcl_info_string(&info, b->options ? b->options : "");
        break;
    case CL_PROGRAM_BUILD_LOG:
        err = hmmcl_info_string(&info, b->log ? b->log : "");
        break;
    case CL_PROGRAM_BINARY_TYPE:
        err = hmmcl_info_uint(&info, b->binary_type);
        break;
    case CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE: {
        const struct hmmcl_executable *exe = b->priv;

        /* The data segment holds the program-scope variables; 0 until an executable exists. */
        err = hmmcl_info_size(&info, exe ? exe->program.data_size : 0);
        break;
    }
    default:
        err = CL_INVALID_VALUE;
        break;
    }
    pthread_mutex_unlock(&program->lock);
    /*
     * CL_INVALID_VALUE if param_name is not valid, or if param_value_size is
     * less than the size of the return type and param_value is not NULL.
     */
    if (err)
        HMMCL_FAIL(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}
