/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry points: kernel objects over the struct hmmcl_kernel_info a
 * program build made (core/executable.c), their argument values and SVM
 * exec info. The launch is in enqueue_kernel.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/device.h"
#include "core/event.h"
#include "core/kernel.h"
#include "core/memory.h"
#include "core/program.h"
#include "core/queue.h"
#include "util/info.h"
#include "util/log.h"

#define KERNEL_MAX_WORK_DIM 3

static bool context_supports_svm(cl_context context)
{
    for (cl_uint i = 0; i < context->num_devices; i++) {
        if (context->devices[i]->svm_caps)
            return true;
    }
    return false;
}

static bool context_supports_system_svm(cl_context context)
{
    for (cl_uint i = 0; i < context->num_devices; i++) {
        if (context->devices[i]->svm_caps & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)
            return true;
    }
    return false;
}

CL_API_ENTRY cl_kernel CL_API_CALL clCreateKernel(cl_program program, const char *kernel_name,
                                                  cl_int *errcode_ret)
{
    const struct hmmcl_kernel_info *info = NULL;
    cl_kernel kernel;
    cl_int err;

    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_FAIL(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    /* CL_INVALID_PROGRAM_EXECUTABLE if there is no successfully built executable for program. */
    if (!hmmcl_program_has_any_executable(program))
        HMMCL_FAIL(CL_INVALID_PROGRAM_EXECUTABLE, "program has no executable");
    /* CL_INVALID_VALUE if kernel_name is NULL. */
    if (!kernel_name)
        HMMCL_FAIL(CL_INVALID_VALUE, "kernel_name is NULL");
    for (size_t i = 0; i < program->num_kernels && !info; i++) {
        if (!strcmp(program->kernels[i].name, kernel_name))
            info = &program->kernels[i];
    }
    /* CL_INVALID_KERNEL_NAME if kernel_name is not found in program. */
    if (!info)
        HMMCL_FAIL(CL_INVALID_KERNEL_NAME, "no kernel \"%s\"", kernel_name);
    kernel = hmmcl_kernel_create(program, info);
    if (!kernel)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "kernel");
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return kernel;

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clCreateKernelsInProgram(cl_program program, cl_uint num_kernels,
                                                         cl_kernel *kernels,
                                                         cl_uint *num_kernels_ret)
{
    size_t n;

    /* CL_INVALID_PROGRAM if program is not a valid program object. */
    if (!hmmcl_object_is(program, HMMCL_MAGIC_PROGRAM))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM, "%p is not a program", (void *)program);
    /*
     * CL_INVALID_PROGRAM_EXECUTABLE if there is no successfully built
     * executable for any device in program.
     */
    if (!hmmcl_program_has_any_executable(program))
        HMMCL_RETURN_ERROR(CL_INVALID_PROGRAM_EXECUTABLE, "program has no executable");
    n = program->num_kernels;
    /* CL_INVALID_VALUE if kernels is not NULL and num_kernels is less than the number of kernels in
     * program. */
    if (kernels && num_kernels < n)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_kernels %u < %zu", num_kernels, n);
    if (kernels) {
        for (size_t i = 0; i < n; i++) {
            kernels[i] = hmmcl_kernel_create(program, &program->kernels[i]);
            if (!kernels[i]) {
                while (i--)
                    hmmcl_object_release(&kernels[i]->obj);
                HMMCL_RETURN_ERROR(CL_OUT_OF_HOST_MEMORY, "kernel %zu", i);
            }
        }
    }
    if (num_kernels_ret)
        *num_kernels_ret = (cl_uint)n;
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainKernel(cl_kernel kernel)
{
    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    hmmcl_object_retain(&kernel->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseKernel(cl_kernel kernel)
{
    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL) || !hmmcl_object_release(&kernel->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_kernel CL_API_CALL clCloneKernel(cl_kernel source_kernel, cl_int *errcode_ret)
{
    cl_kernel kernel;
    cl_int err;

    /* CL_INVALID_KERNEL if source_kernel is not a valid kernel object. */
    if (!hmmcl_object_is(source_kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_FAIL(CL_INVALID_KERNEL, "%p is not a kernel", (void *)source_kernel);
    kernel = hmmcl_kernel_clone(source_kernel);
    if (!kernel)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "kernel");
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return kernel;

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clSetKernelArg(cl_kernel kernel, cl_uint arg_index, size_t arg_size,
                                               const void *arg_value)
{
    struct hmmcl_kernel_arg_value v = {0};
    const struct hmmcl_kernel_arg_info *arg;

    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    /* CL_INVALID_ARG_INDEX if arg_index is not a valid argument index. */
    if (arg_index >= kernel->info->num_args)
        HMMCL_RETURN_ERROR(CL_INVALID_ARG_INDEX, "arg_index %u of %u", arg_index,
                           kernel->info->num_args);
    arg = &kernel->info->args[arg_index];

    switch (arg->kind) {
    case HMMCL_ARG_LOCAL_PTR:
        /* CL_INVALID_ARG_VALUE if the argument is declared with the local qualifier and arg_value
         * is not NULL. */
        if (arg_value)
            HMMCL_RETURN_ERROR(CL_INVALID_ARG_VALUE, "__local argument with a value");
        /* CL_INVALID_ARG_SIZE if arg_size is zero and the argument is declared with the local
         * qualifier. */
        if (!arg_size)
            HMMCL_RETURN_ERROR(CL_INVALID_ARG_SIZE, "__local argument of size 0");
        v.kind = HMMCL_ARG_SET_LOCAL;
        v.size = arg_size;
        break;
    case HMMCL_ARG_GLOBAL_PTR:
    case HMMCL_ARG_CONSTANT_PTR: {
        cl_mem mem = arg_value ? *(const cl_mem *)arg_value : NULL;

        /* CL_INVALID_ARG_SIZE if the argument is a memory object and arg_size != sizeof(cl_mem). */
        if (arg_size != sizeof(cl_mem))
            HMMCL_RETURN_ERROR(CL_INVALID_ARG_SIZE, "buffer argument of size %zu", arg_size);
        /* CL_INVALID_MEM_OBJECT for an argument declared to be a memory object when the specified
         * arg_value is not a valid memory object. */
        if (mem &&
            (!hmmcl_object_is(mem, HMMCL_MAGIC_MEM) || mem->context != kernel->program->context))
            HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "%p is not a buffer of the context",
                               (void *)mem);
        v.kind = HMMCL_ARG_SET_MEM;
        v.size = arg_size;
        v.mem = mem;
        /* Weakly: an argument does not keep a released buffer alive (core/object.h). */
        if (mem)
            hmmcl_object_get_weak(&mem->obj);
        break;
    }
    case HMMCL_ARG_SAMPLER:
        /* CL_INVALID_SAMPLER for an argument declared to be of type sampler_t when the specified
         * arg_value is not a valid sampler object. */
        HMMCL_RETURN_ERROR(CL_INVALID_SAMPLER, "no sampler is valid");
    case HMMCL_ARG_IMAGE:
        HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "no image is valid");
    case HMMCL_ARG_VALUE:
    default:
        /* CL_INVALID_ARG_VALUE if arg_value specified is not a valid value. */
        if (!arg_value)
            HMMCL_RETURN_ERROR(CL_INVALID_ARG_VALUE, "by-value argument without a value");
        /* CL_INVALID_ARG_SIZE if arg_size does not match the size of the data type for an argument
         * that is not a memory object. */
        if (arg_size != arg->size)
            HMMCL_RETURN_ERROR(CL_INVALID_ARG_SIZE, "arg_size %zu, argument is %zu bytes", arg_size,
                               arg->size);
        v.bytes = malloc(arg_size ? arg_size : 1);
        if (!v.bytes)
            HMMCL_RETURN_ERROR(CL_OUT_OF_HOST_MEMORY, "argument value");
        memcpy(v.bytes, arg_value, arg_size);
        v.kind = HMMCL_ARG_SET_BYTES;
        v.size = arg_size;
        break;
    }
    hmmcl_kernel_set_arg(kernel, arg_index, &v);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clSetKernelArgSVMPointer(cl_kernel kernel, cl_uint arg_index,
                                                         const void *arg_value)
{
    struct hmmcl_kernel_arg_value v = {0};
    enum hmmcl_kernel_arg_kind kind;

    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    /* CL_INVALID_OPERATION if no devices in the context associated with kernel support SVM. */
    if (!context_supports_svm(kernel->program->context))
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device supports SVM");
    /* CL_INVALID_ARG_INDEX if arg_index is not a valid argument index. */
    if (arg_index >= kernel->info->num_args)
        HMMCL_RETURN_ERROR(CL_INVALID_ARG_INDEX, "arg_index %u of %u", arg_index,
                           kernel->info->num_args);
    kind = kernel->info->args[arg_index].kind;
    /*
     * CL_INVALID_ARG_VALUE if arg_value specified is not a valid value: the
     * argument must be a __global or __constant pointer. Any pointer is
     * valid for it (fine-grained system SVM).
     */
    if (kind != HMMCL_ARG_GLOBAL_PTR && kind != HMMCL_ARG_CONSTANT_PTR)
        HMMCL_RETURN_ERROR(CL_INVALID_ARG_VALUE, "argument %u is not a global pointer", arg_index);
    v.kind = HMMCL_ARG_SET_SVM;
    v.size = sizeof(void *);
    v.svm = (void *)arg_value;
    hmmcl_kernel_set_arg(kernel, arg_index, &v);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clSetKernelExecInfo(cl_kernel kernel,
                                                    cl_kernel_exec_info param_name,
                                                    size_t param_value_size,
                                                    const void *param_value)
{
    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    /*
     * CL_INVALID_OPERATION if param_name is CL_KERNEL_EXEC_INFO_SVM_PTRS or
     * CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM and no devices in the context
     * associated with kernel support SVM.
     */
    if ((param_name == CL_KERNEL_EXEC_INFO_SVM_PTRS ||
         param_name == CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM) &&
        !context_supports_svm(kernel->program->context))
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device supports SVM");
    /*
     * CL_INVALID_VALUE if param_value is NULL; but an empty list of SVM
     * pointers (size 0, NULL) is the way to clear the list.
     */
    if (!param_value && !(param_name == CL_KERNEL_EXEC_INFO_SVM_PTRS && !param_value_size))
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "param_value is NULL");

    switch (param_name) {
    case CL_KERNEL_EXEC_INFO_SVM_PTRS: {
        size_t n = param_value_size / sizeof(void *);
        void **ptrs = NULL;

        /* CL_INVALID_VALUE if param_value_size does not match the type. */
        if (param_value_size % sizeof(void *))
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "param_value_size %zu", param_value_size);
        if (n) {
            ptrs = malloc(param_value_size);
            if (!ptrs)
                HMMCL_RETURN_ERROR(CL_OUT_OF_HOST_MEMORY, "SVM pointer list");
            memcpy(ptrs, param_value, param_value_size);
        }
        pthread_mutex_lock(&kernel->lock);
        free(kernel->svm_ptrs);
        kernel->svm_ptrs = ptrs;
        kernel->num_svm_ptrs = n;
        pthread_mutex_unlock(&kernel->lock);
        return CL_SUCCESS;
    }
    case CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM: {
        cl_bool b;

        if (param_value_size != sizeof(cl_bool))
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "param_value_size %zu", param_value_size);
        b = *(const cl_bool *)param_value;
        /*
         * CL_INVALID_OPERATION if param_name is
         * CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM and param_value is
         * CL_TRUE but no devices in the context associated with kernel
         * support fine-grain system SVM allocations.
         */
        if (b && !context_supports_system_svm(kernel->program->context))
            HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device supports fine-grain system SVM");
        pthread_mutex_lock(&kernel->lock);
        kernel->svm_fine_grain_system = b ? CL_TRUE : CL_FALSE;
        pthread_mutex_unlock(&kernel->lock);
        return CL_SUCCESS;
    }
    default:
        /* CL_INVALID_VALUE if param_name is not valid. */
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
}

CL_API_ENTRY cl_int CL_API_CALL clGetKernelInfo(cl_kernel kernel, cl_kernel_info param_name,
                                                size_t param_value_size, void *param_value,
                                                size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_FAIL(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    switch (param_name) {
    case CL_KERNEL_FUNCTION_NAME:
        err = hmmcl_info_string(&info, kernel->info->name);
        break;
    case CL_KERNEL_NUM_ARGS:
        err = hmmcl_info_uint(&info, kernel->info->num_args);
        break;
    case CL_KERNEL_REFERENCE_COUNT:
        err = hmmcl_info_uint(&info, hmmcl_object_api_refs(&kernel->obj));
        break;
    case CL_KERNEL_CONTEXT:
        err = hmmcl_info_bytes(&info, &kernel->program->context, sizeof(cl_context));
        break;
    case CL_KERNEL_PROGRAM:
        err = hmmcl_info_bytes(&info, &kernel->program, sizeof(cl_program));
        break;
    case CL_KERNEL_ATTRIBUTES:
        err = hmmcl_info_string(&info, kernel->info->attributes ? kernel->info->attributes : "");
        break;
    default:
        err = CL_INVALID_VALUE;
        break;
    }
    /* CL_INVALID_VALUE if param_name is not valid, or if param_value_size is too small. */
    if (err)
        HMMCL_FAIL(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}

/*
 * The device a per-device kernel query is about: @device, or the program's
 * only device when @device is NULL.
 */
static cl_int kernel_device(cl_kernel kernel, cl_device_id *device)
{
    cl_program program = kernel->program;

    /*
     * CL_INVALID_DEVICE if device is not in the list of devices associated
     * with kernel or if device is NULL but there is more than one device
     * associated with kernel.
     */
    if (!*device) {
        if (program->num_devices != 1)
            HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "device is NULL with %u devices",
                               program->num_devices);
        *device = program->devices[0];
    } else if (hmmcl_program_device_index(program, *device) < 0) {
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device of the kernel", (void *)*device);
    }
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetKernelWorkGroupInfo(cl_kernel kernel, cl_device_id device,
                                                         cl_kernel_work_group_info param_name,
                                                         size_t param_value_size, void *param_value,
                                                         size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_FAIL(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    err = kernel_device(kernel, &device);
    if (err)
        goto error;
    switch (param_name) {
    case CL_KERNEL_WORK_GROUP_SIZE:
        err = hmmcl_info_size(&info, device->max_work_group_size);
        break;
    case CL_KERNEL_COMPILE_WORK_GROUP_SIZE:
        err = hmmcl_info_bytes(&info, kernel->info->reqd_work_group_size,
                               sizeof(kernel->info->reqd_work_group_size));
        break;
    case CL_KERNEL_LOCAL_MEM_SIZE: {
        /* Static __local use plus the __local arguments set so far. */
        cl_ulong local = kernel->info->local_mem_size;

        pthread_mutex_lock(&kernel->lock);
        for (cl_uint i = 0; i < kernel->info->num_args; i++) {
            if (kernel->args[i].kind == HMMCL_ARG_SET_LOCAL)
                local += kernel->args[i].size;
        }
        pthread_mutex_unlock(&kernel->lock);
        err = hmmcl_info_ulong(&info, local);
        break;
    }
    case CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE:
        err = hmmcl_info_size(&info, device->preferred_work_group_size_multiple);
        break;
    case CL_KERNEL_PRIVATE_MEM_SIZE:
        err = hmmcl_info_ulong(&info, kernel->info->private_mem_size);
        break;
    case CL_KERNEL_GLOBAL_WORK_SIZE:
        /*
         * CL_INVALID_VALUE if param_name is CL_KERNEL_GLOBAL_WORK_SIZE and
         * device is not a custom device and kernel is not a built-in kernel.
         */
    default:
        err = CL_INVALID_VALUE;
        break;
    }
    if (err)
        HMMCL_FAIL(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clGetKernelArgInfo(cl_kernel kernel, cl_uint arg_index,
                                                   cl_kernel_arg_info param_name,
                                                   size_t param_value_size, void *param_value,
                                                   size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    const struct hmmcl_kernel_arg_info *arg;
    cl_int err;

    /* CL_INVALID_KERNEL if kernel is a not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_FAIL(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    /* CL_INVALID_ARG_INDEX if arg_index is not a valid argument index. */
    if (arg_index >= kernel->info->num_args)
        HMMCL_FAIL(CL_INVALID_ARG_INDEX, "arg_index %u of %u", arg_index, kernel->info->num_args);
    arg = &kernel->info->args[arg_index];
    /*
     * CL_KERNEL_ARG_INFO_NOT_AVAILABLE if the argument information is not
     * available for kernel (not built with -cl-kernel-arg-info).
     */
    if (!arg->name || !arg->type_name)
        HMMCL_FAIL(CL_KERNEL_ARG_INFO_NOT_AVAILABLE, "no argument info");
    switch (param_name) {
    case CL_KERNEL_ARG_ADDRESS_QUALIFIER:
        err = hmmcl_info_uint(&info, arg->address_qualifier);
        break;
    case CL_KERNEL_ARG_ACCESS_QUALIFIER:
        err = hmmcl_info_uint(&info, arg->access_qualifier);
        break;
    case CL_KERNEL_ARG_TYPE_NAME:
        err = hmmcl_info_string(&info, arg->type_name);
        break;
    case CL_KERNEL_ARG_TYPE_QUALIFIER:
        err = hmmcl_info_bitfield(&info, arg->type_qualifier);
        break;
    case CL_KERNEL_ARG_NAME:
        err = hmmcl_info_string(&info, arg->name);
        break;
    default:
        err = CL_INVALID_VALUE;
        break;
    }
    if (err)
        HMMCL_FAIL(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}

/* Work-items of the local size @input names (1 to 3 size_t), or 0 if @input is not one. */
static size_t local_items(size_t input_value_size, const void *input_value)
{
    const size_t *ls = input_value;
    size_t n = input_value_size / sizeof(size_t), items = 1;

    if (!input_value || input_value_size % sizeof(size_t) || n < 1 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!ls[i] || __builtin_mul_overflow(items, ls[i], &items))
            return 0;
    }
    return items;
}

CL_API_ENTRY cl_int CL_API_CALL clGetKernelSubGroupInfo(cl_kernel kernel, cl_device_id device,
                                                        cl_kernel_sub_group_info param_name,
                                                        size_t input_value_size,
                                                        const void *input_value,
                                                        size_t param_value_size, void *param_value,
                                                        size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    size_t sg, items;
    cl_int err;

    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        HMMCL_RETURN_ERROR(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    err = kernel_device(kernel, &device);
    if (err)
        return err;
    /* CL_INVALID_OPERATION if device does not support subgroups. */
    sg = device->sub_group_size;
    if (!sg)
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "the device has no sub-groups");
    switch (param_name) {
    case CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE:
    case CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE:
        /*
         * CL_INVALID_VALUE if param_name is one of these and the size in bytes
         * specified by input_value_size is not valid or if input_value is NULL.
         */
        items = local_items(input_value_size, input_value);
        if (!items)
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "input_value (%zu bytes) is not a local size",
                               input_value_size);
        if (param_name == CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE)
            err = hmmcl_info_size(&info, items < sg ? items : sg);
        else
            err = hmmcl_info_size(&info, (items + sg - 1) / sg);
        break;
    case CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT: {
        size_t out[3] = {0, 0, 0}, count, dims = param_value_size / sizeof(size_t);

        if (!input_value || input_value_size != sizeof(size_t))
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "input_value must be one size_t");
        count = *(const size_t *)input_value;
        /* The result has as many dimensions as param_value holds (1 to 3). */
        if (param_value && (param_value_size % sizeof(size_t) || dims < 1 || dims > 3))
            HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "param_value_size %zu is not 1 to 3 size_t",
                               param_value_size);
        if (!param_value)
            dims = dims >= 1 && dims <= 3 ? dims : 3;
        /* count full sub-groups in dimension 0; zeros when no work-group holds that many. */
        if (count && count <= device->max_work_group_size / sg &&
            count * sg <= device->max_work_item_sizes[0]) {
            out[0] = count * sg;
            for (size_t i = 1; i < dims; i++)
                out[i] = 1;
        }
        err = hmmcl_info_bytes(&info, out, dims * sizeof(size_t));
        break;
    }
    case CL_KERNEL_MAX_NUM_SUB_GROUPS:
        err = hmmcl_info_size(&info, (device->max_work_group_size + sg - 1) / sg);
        break;
    case CL_KERNEL_COMPILE_NUM_SUB_GROUPS:
        /* No attribute sets a kernel's number of sub-groups. */
        err = hmmcl_info_size(&info, 0);
        break;
    default:
        /* CL_INVALID_VALUE if param_name is not valid. */
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    if (err)
        HMMCL_RETURN_ERROR(err, "param 0x%x (param_value_size %zu)", param_name, param_value_size);
    return CL_SUCCESS;
}

/* cl_khr_subgroups: the same query as the core function of OpenCL 2.1. */
CL_API_ENTRY cl_int CL_API_CALL clGetKernelSubGroupInfoKHR(
    cl_kernel in_kernel, cl_device_id in_device, cl_kernel_sub_group_info param_name,
    size_t input_value_size, const void *input_value, size_t param_value_size, void *param_value,
    size_t *param_value_size_ret)
{
    return clGetKernelSubGroupInfo(in_kernel, in_device, param_name, input_value_size, input_value,
                                   param_value_size, param_value, param_value_size_ret);
}
