/* SPDX-License-Identifier: MIT */
/* Calls of the hmmgpu UAPI (see hmmgpu_drm.h). */
#include "devices/hmmgpu/hmmgpu_drm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

#define HMMGPU_DRIVER_NAME "hmmgpu"

/* status->error before the job ends: the driver writes only 0 or a negative errno. */
#define STATUS_UNWRITTEN 1

static int drm_call(int fd, unsigned long request, void *arg)
{
    return drmIoctl(fd, request, arg) ? -errno : 0;
}

bool hmmgpu_drm_is_hmmgpu(int fd)
{
    drmVersionPtr v = drmGetVersion(fd);
    bool yes = v && v->name && !strcmp(v->name, HMMGPU_DRIVER_NAME);

    drmFreeVersion(v);
    return yes;
}

static void log_reset(char *log, size_t log_size)
{
    if (log_size)
        log[0] = '\0';
}

int hmmgpu_drm_program_create(int fd, const void *image, size_t size, uint32_t *handle, char *log,
                              size_t log_size)
{
    struct drm_hmmgpu_program_create args = {
        .image = (uintptr_t)image,
        .size = size,
        .log = log_size ? (uintptr_t)log : 0,
        .log_size = (uint32_t)(log_size > HMMGPU_LOG_MAX ? HMMGPU_LOG_MAX : log_size),
    };
    int ret;

    log_reset(log, log_size);
    ret = drm_call(fd, DRM_IOCTL_HMMGPU_PROGRAM_CREATE, &args);
    if (!ret)
        *handle = args.handle;
    return ret;
}

int hmmgpu_drm_program_destroy(int fd, uint32_t handle)
{
    struct drm_hmmgpu_program_destroy args = {.handle = handle};

    return drm_call(fd, DRM_IOCTL_HMMGPU_PROGRAM_DESTROY, &args);
}

int hmmgpu_drm_run_job(int fd, uint32_t type, const void *job, struct drm_hmmgpu_job_status *status,
                       char *log, size_t log_size)
{
    /*
     * The device writes the record until the fence signals: on the heap, so
     * that a wait that fails (the job may still be running) can leave it
     * behind instead of letting the device write into a reused stack frame.
     */
    struct drm_hmmgpu_job_status *record = calloc(1, sizeof(*record));
    struct drm_hmmgpu_submit args = {
        .job = (uintptr_t)job,
        .type = type,
        .log = log_size ? (uintptr_t)log : 0,
        .log_size = (uint32_t)(log_size > HMMGPU_LOG_MAX ? HMMGPU_LOG_MAX : log_size),
    };
    uint32_t syncobj;
    int ret;

    log_reset(log, log_size);
    if (!record)
        return -ENOMEM;
    record->error = STATUS_UNWRITTEN;
    args.status_addr = (uintptr_t)record;
    if (drmSyncobjCreate(fd, 0, &syncobj)) {
        ret = -errno;
        free(record);
        return ret;
    }
    args.out_syncobj = syncobj;
    ret = drm_call(fd, DRM_IOCTL_HMMGPU_SUBMIT, &args);
    if (!ret) {
        /* No time limit here: the driver stops a job at its own (@timeout_ms 0). */
        ret = drmSyncobjWait(fd, &syncobj, 1, INT64_MAX, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
                             NULL);
        if (ret) {
            if (log_size)
                snprintf(log, log_size, "waiting for the job's fence failed: %s", strerror(-ret));
            record = NULL; /* the job may still write it */
        }
    }
    drmSyncobjDestroy(fd, syncobj);
    if (record) {
        *status = *record;
        status->message[sizeof(status->message) - 1] = '\0';
        if (!ret && status->error == STATUS_UNWRITTEN) {
            /* Only when the record's page is not writable, which ours always is. */
            status->error = -EIO;
            snprintf(status->message, sizeof(status->message), "the device wrote no job status");
        }
        free(record);
    }
    return ret;
}

int hmmgpu_drm_migrate(int fd, uint64_t addr, uint64_t size, bool to_ram, uint64_t *migrated)
{
    struct drm_hmmgpu_migrate args = {
        .addr = addr,
        .size = size,
        .flags = to_ram ? HMMGPU_MIGRATE_TO_RAM : HMMGPU_MIGRATE_TO_VRAM,
    };
    int ret = drm_call(fd, DRM_IOCTL_HMMGPU_MIGRATE, &args);

    if (migrated)
        *migrated = ret ? 0 : args.migrated;
    return ret;
}

int hmmgpu_drm_counters(int fd, struct drm_hmmgpu_counters *counters)
{
    memset(counters, 0, sizeof(*counters));
    counters->flags = HMMGPU_COUNTERS_DEVICE;
    return drm_call(fd, DRM_IOCTL_HMMGPU_COUNTERS, counters);
}
