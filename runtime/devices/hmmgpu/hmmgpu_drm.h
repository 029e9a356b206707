/* SPDX-License-Identifier: MIT */
/*
 * The hmmgpu UAPI (kernel-driver/include/uapi/drm/hmmgpu_drm.h) as plain C
 * calls: each returns 0 or a negative errno, never touches OpenCL state,
 * and fills only what its caller passes. Reasons the driver gives for a
 * refusal land in @log (NUL-terminated, "" when it gave none).
 */
#ifndef HMMCL_DEVICES_HMMGPU_DRM_H
#define HMMCL_DEVICES_HMMGPU_DRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm/hmmgpu_drm.h>

/* True if @fd is a DRM device whose driver is hmmgpu. */
bool hmmgpu_drm_is_hmmgpu(int fd);

/* Load and verify a program image: the driver's handle in @handle. */
int hmmgpu_drm_program_create(int fd, const void *image, size_t size, uint32_t *handle, char *log,
                              size_t log_size);

int hmmgpu_drm_program_destroy(int fd, uint32_t handle);

/*
 * Submit a job of @type (HMMGPU_JOB_*, @job its struct) and wait for it to
 * end. Returns a submission error (nothing ran), else 0 with the job's
 * outcome in @status: status->error is 0 or the negative errno its fence
 * signalled, with the driver's message.
 */
int hmmgpu_drm_run_job(int fd, uint32_t type, const void *job, struct drm_hmmgpu_job_status *status,
                       char *log, size_t log_size);

/* Migrate the page-aligned range to VRAM, or back to system memory with @to_ram. */
int hmmgpu_drm_migrate(int fd, uint64_t addr, uint64_t size, bool to_ram, uint64_t *migrated);

/* The device's counters (HMMGPU_COUNTERS_DEVICE). */
int hmmgpu_drm_counters(int fd, struct drm_hmmgpu_counters *counters);

#endif
