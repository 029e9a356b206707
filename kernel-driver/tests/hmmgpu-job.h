/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Userspace side of hmmgpu job submission for the tests: render node
 * lookup, programs, DRM syncobjs through the raw ioctls of drm.h (no
 * libdrm), and a job's fence error read back through a sync file.
 */
#ifndef HMMGPU_JOB_H
#define HMMGPU_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <drm.h>
#include <hmmgpu_drm.h>

/* hg_job_wait(): the fence did not signal in time / waiting failed. */
#define HG_PENDING     1
#define HG_WAIT_FAILED 2

/* Opens the @nth render node whose driver is hmmgpu, or returns -1. */
int hg_open(int nth);

/* ioctl() returning 0 or -errno. */
int hg_ioctl(int fd, unsigned long cmd, void *arg);

/*
 * PROGRAM_CREATE of @size bytes at @image; *@handle and *@flags (may be
 * NULL) get the outputs. Returns 0 or -errno.
 */
int hg_program_create(int fd, const void *image, size_t size,
		      uint32_t *handle, uint32_t *flags, char *log,
		      uint32_t log_size);
int hg_program_destroy(int fd, uint32_t handle);

int hg_syncobj_create(int fd, uint32_t *handle);
int hg_syncobj_destroy(int fd, uint32_t handle);

/* Waits up to @timeout_ms for the fence: 0 signalled, -ETIME, or -errno. */
int hg_syncobj_wait(int fd, uint32_t handle, int timeout_ms);

/* The syncobj's current fence as a sync file descriptor, or -errno. */
int hg_sync_file(int fd, uint32_t handle);

/*
 * Waits up to @timeout_ms for a sync file: its fence's error (0 or a
 * negative errno), HG_PENDING, or HG_WAIT_FAILED.
 */
int hg_sync_file_wait(int sync_file, int timeout_ms);

/*
 * Waits up to @timeout_ms for the job whose fence is in @syncobj and
 * returns the fence's error as hg_sync_file_wait() does.
 */
int hg_job_wait(int fd, uint32_t syncobj, int timeout_ms);

/* The counters (HMMGPU_COUNTERS_DEVICE in @flags: the device's); all ~0 on error. */
struct drm_hmmgpu_counters hg_counters(int fd, uint32_t flags);

/* /sys/module/hmmgpu/parameters/@name as a number, or -1. */
long hg_param(const char *name);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t hg_now_ms(void);

#endif
