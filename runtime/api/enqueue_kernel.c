/* SPDX-License-Identifier: MIT */
/*
 * Kernel launches: clEnqueueNDRangeKernel and clEnqueueTask. The checks
 * follow the spec's list; a launch that passes them is snapshotted into a
 * struct hmmcl_ndrange (core/ndrange.h) with the argument block laid out
 * per the program image, so later clSetKernelArg calls do not affect it,
 * and enqueued as an HMMCL_OP_NDRANGE command for the queue's device.
 */
#include <stdlib.h>
#include <string.h>

#include "core/device.h"
#include "core/event.h"
#include "core/executable.h"
#include "core/kernel.h"
#include "core/memory.h"
#include "core/ndrange.h"
#include "core/program.h"
#include "core/queue.h"
#include "util/log.h"

#define LAUNCH_MAX_WORK_DIM 3

/* Each __local pointer argument starts on this boundary (docs/isa.md, section 4). */
#define LOCAL_ARG_ALIGN 128

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/*
 * Write argument @i's value into the block; memory objects are held by @nd.
 * Local pointer arguments advance *@local_end. Called with the kernel's lock
 * held. False if the argument's buffer was released and destroyed.
 */
static bool put_arg(struct hmmcl_ndrange *nd, const struct hmm_kernel_arg *ia,
                    const struct hmmcl_kernel_arg_value *v, size_t *local_end)
{
    uint8_t *dst = nd->args + ia->offset;
    uint64_t addr = 0;

    switch (v->kind) {
    case HMMCL_ARG_SET_BYTES:
        memcpy(dst, v->bytes, v->size < ia->size ? v->size : ia->size);
        return true;
    case HMMCL_ARG_SET_MEM:
        if (v->mem) {
            if (!hmmcl_ndrange_hold_mem(nd, v->mem))
                return false;
            addr = (uint64_t)(uintptr_t)v->mem->storage;
        }
        break;
    case HMMCL_ARG_SET_SVM:
        addr = (uint64_t)(uintptr_t)v->svm;
        break;
    case HMMCL_ARG_SET_LOCAL:
        *local_end = align_up(*local_end, LOCAL_ARG_ALIGN);
        addr = HMM_ADDR_LOCAL_BASE + *local_end;
        *local_end += v->size;
        break;
    case HMMCL_ARG_UNSET:
        return true;
    }
    memcpy(dst, &addr, ia->size < sizeof(addr) ? ia->size : sizeof(addr));
    return true;
}

/* Every cl_mem argument, for sizing the hold array. Called with the kernel's lock held. */
static size_t count_mems(cl_kernel kernel)
{
    size_t n = 0;

    for (cl_uint i = 0; i < kernel->info->num_args; i++)
        n += kernel->args[i].kind == HMMCL_ARG_SET_MEM && kernel->args[i].mem;
    return n;
}

static cl_int enqueue_kernel(const char *func, cl_command_type type, cl_command_queue command_queue,
                             cl_kernel kernel, cl_uint work_dim, const size_t *global_work_offset,
                             const size_t *global_work_size, const size_t *local_work_size,
                             cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                             cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    struct hmmcl_executable *exe;
    const struct hmm_kernel *hk;
    struct hmmcl_ndrange *nd;
    cl_device_id device;
    cl_program program;
    const size_t *reqd;
    size_t local_end, wg = 1, max_wg;
    bool uniform, empty = !global_work_size;
    int index;
    cl_int err;

#define LAUNCH_FAIL(code, ...)                                                                     \
    do {                                                                                           \
        if (hmmcl_log_enabled())                                                                   \
            hmmcl_log_error(func, (code), __VA_ARGS__);                                            \
        return (code);                                                                             \
    } while (0)

    /* CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host command-queue. */
    if (!hmmcl_object_is(command_queue, HMMCL_MAGIC_QUEUE))
        LAUNCH_FAIL(CL_INVALID_COMMAND_QUEUE, "%p is not a queue", (void *)command_queue);
    /* CL_INVALID_KERNEL if kernel is not a valid kernel object. */
    if (!hmmcl_object_is(kernel, HMMCL_MAGIC_KERNEL))
        LAUNCH_FAIL(CL_INVALID_KERNEL, "%p is not a kernel", (void *)kernel);
    program = kernel->program;
    /* CL_INVALID_CONTEXT if context associated with command_queue and kernel are not the same. */
    if (command_queue->context != program->context)
        LAUNCH_FAIL(CL_INVALID_CONTEXT, "queue and kernel contexts differ");
    device = command_queue->device;
    /*
     * CL_INVALID_PROGRAM_EXECUTABLE if there is no successfully built
     * program executable available for device associated with command_queue.
     */
    index = hmmcl_program_device_index(program, device);
    if (index < 0 || !hmmcl_program_has_executable(program, device) || !program->builds[index].priv)
        LAUNCH_FAIL(CL_INVALID_PROGRAM_EXECUTABLE, "no executable for the queue's device");
    exe = program->builds[index].priv;
    if (hmmcl_kernel_index(kernel->info->priv) >= exe->program.num_kernels)
        LAUNCH_FAIL(CL_INVALID_PROGRAM_EXECUTABLE, "kernel %s is not in the image",
                    kernel->info->name);
    hk = &exe->program.kernels[hmmcl_kernel_index(kernel->info->priv)];
    if (hk->num_args != kernel->info->num_args)
        LAUNCH_FAIL(CL_INVALID_PROGRAM_EXECUTABLE, "kernel %s: image has %u arguments, not %u",
                    kernel->info->name, hk->num_args, kernel->info->num_args);
    /* CL_INVALID_KERNEL_ARGS if the kernel argument values have not been specified. */
    if (!hmmcl_kernel_args_complete(kernel))
        LAUNCH_FAIL(CL_INVALID_KERNEL_ARGS, "an argument of %s is not set", kernel->info->name);
    /*
     * CL_INVALID_WORK_DIMENSION if work_dim is not a valid value (i.e. a
     * value between 1 and CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS).
     */
    if (work_dim < 1 || work_dim > LAUNCH_MAX_WORK_DIM)
        LAUNCH_FAIL(CL_INVALID_WORK_DIMENSION, "work_dim %u", work_dim);
    /*
     * global_work_size NULL, or a 0 in it, is allowed from 2.1 on and makes
     * a command that does no work (CL_INVALID_GLOBAL_WORK_SIZE for it is
     * only for devices before 2.1).
     */
    for (cl_uint i = 0; global_work_size && i < work_dim; i++) {
        size_t off = global_work_offset ? global_work_offset[i] : 0;

        empty |= !global_work_size[i];
        /*
         * CL_INVALID_GLOBAL_OFFSET if the value specified in global_work_size
         * + the corresponding values in global_work_offset for any
         * dimensions is greater than the maximum value representable by
         * size t on the device on which the kernel-instance will be enqueued.
         */
        if (global_work_size[i] > SIZE_MAX - off)
            LAUNCH_FAIL(CL_INVALID_GLOBAL_OFFSET, "offset + size overflows in dimension %u", i);
    }

    reqd = kernel->info->reqd_work_group_size;
    uniform = program->builds[index].uniform_work_groups;
    max_wg = device->max_work_group_size; /* what CL_KERNEL_WORK_GROUP_SIZE reports */
    /*
     * CL_INVALID_WORK_GROUP_SIZE if ... [the work-group size] does not match
     * the required work-group size for kernel in the program source: a
     * required size larger than 1 in a dimension the launch does not have.
     */
    for (cl_uint i = work_dim; reqd[0] && i < LAUNCH_MAX_WORK_DIM; i++) {
        if (reqd[i] > 1)
            LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE, "reqd_work_group_size[%u] = %zu, work_dim %u",
                        i, reqd[i], work_dim);
    }
    if (local_work_size) {
        for (cl_uint i = 0; i < work_dim; i++) {
            /*
             * CL_INVALID_WORK_GROUP_SIZE if local_work_size is specified and
             * does not match the required work-group size for kernel in the
             * program source.
             */
            if (reqd[0] && local_work_size[i] != reqd[i])
                LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE,
                            "local_work_size[%u] = %zu, reqd_work_group_size says %zu", i,
                            local_work_size[i], reqd[i]);
            /* A work-group of zero work-items is no work-group size at all. */
            if (!local_work_size[i])
                LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE, "local_work_size[%u] is 0", i);
            /*
             * CL_INVALID_WORK_GROUP_SIZE if the work-group size must be
             * uniform and the local_work_size is not NULL, ... or the
             * global_work_size is not evenly divisible by the local_work_size.
             */
            if (uniform && global_work_size && global_work_size[i] % local_work_size[i])
                LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE,
                            "global_work_size[%u] = %zu is not a multiple of %zu and the "
                            "program needs uniform work-groups",
                            i, global_work_size[i], local_work_size[i]);
            wg = wg > SIZE_MAX / local_work_size[i] ? SIZE_MAX : wg * local_work_size[i];
        }
        /*
         * CL_INVALID_WORK_GROUP_SIZE if local_work_size is specified and the
         * total number of work-items in the work-group computed as
         * local_work_size[0] x ... local_work_size[work_dim - 1] is greater
         * than the value specified by CL_KERNEL_WORK_GROUP_SIZE.
         */
        if (wg > max_wg)
            LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE, "%zu work-items per group, at most %zu", wg,
                        max_wg);
        /*
         * CL_INVALID_WORK_ITEM_SIZE if the number of work-items specified in
         * any of local_work_size[0], ... local_work_size[work_dim - 1] is
         * greater than the corresponding values specified by
         * CL_DEVICE_MAX_WORK_ITEM_SIZES.
         */
        for (cl_uint i = 0; i < work_dim; i++) {
            if (local_work_size[i] > device->max_work_item_sizes[i])
                LAUNCH_FAIL(CL_INVALID_WORK_ITEM_SIZE, "local_work_size[%u] = %zu, at most %zu", i,
                            local_work_size[i], device->max_work_item_sizes[i]);
        }
    } else if (reqd[0] && uniform && global_work_size) {
        /*
         * CL_INVALID_WORK_GROUP_SIZE if the work-group size must be uniform
         * and ... the global_work_size is not evenly divisible by the
         * required work-group size specified in the kernel source.
         */
        for (cl_uint i = 0; i < work_dim; i++) {
            if (global_work_size[i] % reqd[i])
                LAUNCH_FAIL(CL_INVALID_WORK_GROUP_SIZE,
                            "global_work_size[%u] = %zu is not a multiple of the required %zu", i,
                            global_work_size[i], reqd[i]);
        }
    }

    /*
     * CL_OUT_OF_RESOURCES if there is a failure to queue the execution
     * instance of kernel on the command-queue because of insufficient
     * resources needed to execute the kernel: here, more local memory
     * (static plus __local arguments) than CL_DEVICE_LOCAL_MEM_SIZE.
     */
    local_end = hk->local_size;
    pthread_mutex_lock(&kernel->lock);
    for (cl_uint i = 0; i < kernel->info->num_args; i++) {
        if (kernel->args[i].kind == HMMCL_ARG_SET_LOCAL)
            local_end = align_up(local_end, LOCAL_ARG_ALIGN) + kernel->args[i].size;
    }
    pthread_mutex_unlock(&kernel->lock);
    if (local_end > device->local_mem_size || local_end > UINT32_MAX)
        LAUNCH_FAIL(CL_OUT_OF_RESOURCES,
                    "kernel %s needs %zu bytes of local memory, device has %llu",
                    kernel->info->name, local_end, (unsigned long long)device->local_mem_size);

    /*
     * CL_INVALID_EVENT_WAIT_LIST if event_wait_list is NULL and
     * num_events_in_wait_list > 0, or event_wait_list is not NULL and
     * num_events_in_wait_list is 0, or if event objects in event_wait_list
     * are not valid events; CL_INVALID_CONTEXT if their context is not the
     * queue's.
     */
    err = hmmcl_event_check_wait_list(command_queue->context, num_events_in_wait_list,
                                      event_wait_list);
    if (err)
        LAUNCH_FAIL(err, "bad wait list");

    if (!empty) {
        /* The snapshot: argument block, local memory layout, held objects. */
        cl_uint released = hk->num_args;

        pthread_mutex_lock(&kernel->lock);
        nd = hmmcl_ndrange_alloc(hk->arg_block_size, count_mems(kernel));
        if (nd) {
            local_end = hk->local_size;
            for (cl_uint i = 0; i < hk->num_args && released == hk->num_args; i++) {
                if (!put_arg(nd, &exe->program.args[hk->first_arg + i], &kernel->args[i],
                             &local_end))
                    released = i;
            }
        }
        pthread_mutex_unlock(&kernel->lock);
        if (!nd)
            LAUNCH_FAIL(CL_OUT_OF_HOST_MEMORY, "launch description");
        /* CL_INVALID_KERNEL_ARGS: a buffer the application has released is no argument value. */
        if (released < hk->num_args) {
            hmmcl_ndrange_destroy(nd);
            LAUNCH_FAIL(CL_INVALID_KERNEL_ARGS, "argument %u of %s: the buffer was released",
                        released, kernel->info->name);
        }
        /* A kernel that calls printf gets a buffer for its records (core/printf_buffer.h). */
        if (hk->printf_arg &&
            hmmcl_ndrange_add_printf(nd, device->printf_buffer_size, hk->printf_arg - 1)) {
            hmmcl_ndrange_destroy(nd);
            LAUNCH_FAIL(CL_OUT_OF_HOST_MEMORY, "printf buffer");
        }

        hmmcl_object_get(&kernel->obj);
        nd->kernel = kernel;
        nd->exe = exe;
        nd->context = program->context;
        nd->kernel_name = kernel->info->name;
        nd->uniform = uniform;
        nd->max_group_size = max_wg;
        nd->launch.prog = &exe->program;
        nd->launch.kernel = hmmcl_kernel_index(kernel->info->priv);
        nd->launch.work_dim = work_dim;
        nd->launch.data_base = (uint64_t)(uintptr_t)exe->data;
        nd->launch.local_mem_size = (uint32_t)local_end;
        for (cl_uint i = 0; i < work_dim; i++) {
            nd->launch.global_offset[i] = global_work_offset ? global_work_offset[i] : 0;
            nd->launch.global_size[i] = global_work_size[i];
            /* No local size and no required one: the device chooses (all zero). */
            nd->launch.local_size[i] = local_work_size ? local_work_size[i] : reqd[i];
        }
        for (cl_uint i = work_dim; i < LAUNCH_MAX_WORK_DIM; i++) {
            nd->launch.global_size[i] = 1;
            nd->launch.local_size[i] = nd->launch.local_size[0] ? 1 : 0;
        }
        cmd.op = HMMCL_OP_NDRANGE;
        cmd.ndrange = nd;
    }

    err = hmmcl_queue_enqueue(command_queue,
                              &(struct hmmcl_enqueue){
                                  .type = type,
                                  .num_wait = num_events_in_wait_list,
                                  .wait = event_wait_list,
                                  .event_ret = event,
                              },
                              &cmd);
    if (err)
        LAUNCH_FAIL(err, "enqueue failed");
    return CL_SUCCESS;
#undef LAUNCH_FAIL
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueNDRangeKernel(
    cl_command_queue command_queue, cl_kernel kernel, cl_uint work_dim,
    const size_t *global_work_offset, const size_t *global_work_size, const size_t *local_work_size,
    cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)
{
    return enqueue_kernel(__func__, CL_COMMAND_NDRANGE_KERNEL, command_queue, kernel, work_dim,
                          global_work_offset, global_work_size, local_work_size,
                          num_events_in_wait_list, event_wait_list, event);
}

/*
 * Deprecated by 2.0: "equivalent to calling clEnqueueNDRangeKernel with
 * work_dim set to 1, global_work_offset set to NULL, global_work_size[0]
 * set to 1, and local_work_size[0] set to 1", with its own command type.
 */
CL_API_ENTRY cl_int CL_API_CALL clEnqueueTask(cl_command_queue command_queue, cl_kernel kernel,
                                              cl_uint num_events_in_wait_list,
                                              const cl_event *event_wait_list, cl_event *event)
{
    const size_t one = 1;

    return enqueue_kernel(__func__, CL_COMMAND_TASK, command_queue, kernel, 1, NULL, &one, &one,
                          num_events_in_wait_list, event_wait_list, event);
}
