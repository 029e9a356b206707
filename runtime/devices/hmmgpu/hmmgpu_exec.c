/* SPDX-License-Identifier: MIT */
/*
 * Running commands on an hmmgpu device: kernel launches, copies and fills
 * as driver jobs, SVM migration as MIGRATE calls, the rest on the host. See
 * DOC: hmmgpu device in hmmgpu.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/command.h"
#include "core/context.h"
#include "core/executable.h"
#include "core/ndrange.h"
#include "devices/common/local_size.h"
#include "devices/hmmgpu/hmmgpu.h"
#include "devices/hmmgpu/hmmgpu_drm.h"
#include "util/log.h"

#define ERROR_MAX (HMMGPU_LOG_MAX + 256)

/*
 * What a failed job or submission is reported as: @what (may be ""), then
 * the driver's word and the errno's, or the errno's alone when the driver
 * gave none.
 */
static void describe(char *out, size_t size, const char *what, int err, const char *driver_says)
{
    if (driver_says && driver_says[0])
        snprintf(out, size, "%s%s (%s)", what, driver_says, strerror(-err));
    else
        snprintf(out, size, "%s%s", what, strerror(-err));
}

/*
 * A refused submission or ioctl: our arguments follow the UAPI's rules, so
 * this is the driver running out of memory, or the file used by another
 * process than the one that opened it (after fork).
 */
static cl_int submit_error(int err)
{
    return err == -ENOMEM ? CL_OUT_OF_HOST_MEMORY : CL_OUT_OF_RESOURCES;
}

/* The driver's handle of @exe's image, uploaded on the first launch. */
static cl_int program_handle(struct hmmgpu_device *g, struct hmmcl_executable *exe,
                             uint32_t *handle, char *why, size_t why_size)
{
    char log[HMMGPU_LOG_MAX];
    cl_int status = CL_SUCCESS;
    int err;

    pthread_mutex_lock(&exe->device_lock);
    if (exe->device_state) {
        *handle = (uint32_t)(uintptr_t)exe->device_state;
    } else {
        err =
            hmmgpu_drm_program_create(g->fd, exe->image, exe->image_size, handle, log, sizeof(log));
        if (err) {
            char what[HMMGPU_NODE_MAX + 64];

            snprintf(what, sizeof(what), "%s refused the program image: ", g->node);
            describe(why, why_size, what, err, log);
            status = submit_error(err);
        } else {
            exe->device = &g->dev;
            exe->device_state = (void *)(uintptr_t)*handle;
        }
    }
    pthread_mutex_unlock(&exe->device_lock);
    return status;
}

void hmmgpu_executable_fini(cl_device_id device, struct hmmcl_executable *exe)
{
    struct hmmgpu_device *g = hmmgpu_device(device);
    uint32_t handle = (uint32_t)(uintptr_t)exe->device_state;
    int err = hmmgpu_drm_program_destroy(g->fd, handle);

    /* The handle goes with the file at exit anyway; nothing else can be done. */
    if (err && hmmcl_log_enabled())
        hmmcl_log("hmmgpu %s: PROGRAM_DESTROY of %u: %s", g->node, handle, strerror(-err));
    exe->device_state = NULL;
}

/* Submit @job and wait: CL_SUCCESS, or an error described in @why. */
static cl_int run_job(struct hmmgpu_device *g, uint32_t type, const void *job, char *why,
                      size_t why_size)
{
    struct drm_hmmgpu_job_status status;
    char log[HMMGPU_LOG_MAX];
    char what[HMMGPU_NODE_MAX + 64];
    int err;

    err = hmmgpu_drm_run_job(g->fd, type, job, &status, log, sizeof(log));
    if (err) {
        snprintf(what, sizeof(what), "%s refused the job: ", g->node);
        describe(why, why_size, what, err, log);
        return submit_error(err);
    }
    if (!status.error)
        return CL_SUCCESS;
    what[0] = '\0';
    if (status.fault_addr)
        snprintf(what, sizeof(what),
                 "device address 0x%llx: ", (unsigned long long)status.fault_addr);
    describe(why, why_size, what, status.error, status.message);
    return CL_OUT_OF_RESOURCES;
}

static cl_int ndrange_run(struct hmmgpu_device *g, struct hmmcl_ndrange *nd)
{
    const struct hmm_launch *l = &nd->launch;
    const char *name = nd->kernel_name ? nd->kernel_name : "?";
    struct drm_hmmgpu_ndrange job = {
        .kernel = l->kernel,
        .work_dim = l->work_dim,
        .local_mem_size = l->local_mem_size,
        .args = (uintptr_t)l->args,
        .args_size = l->prog->kernels[l->kernel].arg_block_size,
        .data_base = l->data_base,
    };
    uint64_t local[3] = {l->local_size[0], l->local_size[1], l->local_size[2]};
    char why[ERROR_MAX];
    cl_int status;

    if (!nd->exe)
        return CL_INVALID_OPERATION; /* a launch description without its executable */
    status = program_handle(g, nd->exe, &job.program, why, sizeof(why));
    if (status == CL_SUCCESS) {
        if (!local[0])
            hmmcl_choose_local_size(nd, g->dev.compute_units, local);
        /* The UAPI wants 0 past work_dim where the engine's launch has 1. */
        for (uint32_t d = 0; d < l->work_dim && d < 3; d++) {
            job.global_offset[d] = l->global_offset[d];
            job.global_size[d] = l->global_size[d];
            job.local_size[d] = local[d];
        }
        status = run_job(g, HMMGPU_JOB_NDRANGE, &job, why, sizeof(why));
    }
    if (status != CL_SUCCESS) {
        if (hmmcl_log_enabled())
            hmmcl_log("kernel %s failed with %s on %s: %s", name, hmmcl_error_name(status), g->node,
                      why);
        if (nd->context)
            hmmcl_context_notify(nd->context, "hmmcl: kernel %s failed: %s", name, why);
    }
    return status;
}

static cl_int copy_run(struct hmmgpu_device *g, struct hmmcl_command *cmd)
{
    struct drm_hmmgpu_copy job = {0};
    char why[ERROR_MAX];
    uint32_t type;
    cl_int status;

    if (cmd->op == HMMCL_OP_COPY) {
        if (!cmd->copy.size)
            return CL_SUCCESS;
        type = HMMGPU_JOB_COPY;
        job.dst = (uintptr_t)cmd->copy.dst;
        job.src = (uintptr_t)cmd->copy.src;
        job.size = cmd->copy.size;
    } else {
        if (!cmd->fill.size)
            return CL_SUCCESS;
        type = HMMGPU_JOB_FILL;
        job.dst = (uintptr_t)cmd->fill.dst;
        job.size = cmd->fill.size;
        job.pattern = (uintptr_t)cmd->fill.pattern;
        job.pattern_size = (uint32_t)cmd->fill.pattern_size;
    }
    status = run_job(g, type, &job, why, sizeof(why));
    /* The command knows no context to notify: HMMCL_DEBUG is where this shows. */
    if (status != CL_SUCCESS && hmmcl_log_enabled())
        hmmcl_log("%s of %llu bytes at %p failed with %s on %s: %s",
                  type == HMMGPU_JOB_COPY ? "copy" : "fill", (unsigned long long)job.size,
                  (void *)(uintptr_t)job.dst, hmmcl_error_name(status), g->node, why);
    return status;
}

/*
 * Migration is a hint: pages that cannot move stay where they are and the
 * command succeeds -- no device memory (-EOPNOTSUPP), pages kept busy
 * (-EBUSY), out of memory. It fails only for a range that is not mapped
 * (-EFAULT: the application named memory that is not there) or a file this
 * process may not use (-EACCES, after fork).
 */
static cl_int migrate_run(struct hmmgpu_device *g, const struct hmmcl_command *cmd)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

    for (size_t i = 0; i < cmd->migrate.count; i++) {
        uintptr_t start = (uintptr_t)cmd->migrate.ranges[i].ptr & ~(page - 1);
        uintptr_t end = (uintptr_t)cmd->migrate.ranges[i].ptr + cmd->migrate.ranges[i].size;
        int err;

        /* clEnqueueSVMMigrateMem checked that the range does not wrap around. */
        end = (end + page - 1) & ~(page - 1);
        if (end <= start)
            continue;
        err = hmmgpu_drm_migrate(g->fd, start, end - start, cmd->migrate.to_host, NULL);
        if (!err)
            continue;
        if (hmmcl_log_enabled())
            hmmcl_log("hmmgpu %s: migrating [0x%llx, 0x%llx) to %s: %s", g->node,
                      (unsigned long long)start, (unsigned long long)end,
                      cmd->migrate.to_host ? "system memory" : "device memory", strerror(-err));
        if (err == -EFAULT || err == -EACCES)
            return CL_OUT_OF_RESOURCES;
    }
    return CL_SUCCESS;
}

cl_int hmmgpu_run(cl_device_id device, struct hmmcl_command *cmd)
{
    struct hmmgpu_device *g = hmmgpu_device(device);

    switch (cmd->op) {
    case HMMCL_OP_NDRANGE:
        return ndrange_run(g, cmd->ndrange);
    case HMMCL_OP_COPY:
    case HMMCL_OP_FILL:
        return copy_run(g, cmd);
    case HMMCL_OP_MIGRATE:
        return migrate_run(g, cmd);
    default:
        return hmmcl_command_run_on_host(cmd);
    }
}
