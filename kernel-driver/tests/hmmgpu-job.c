// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Job submission helpers of the hmmgpu tests (hmmgpu-job.h). A syncobj
 * wait does not report a fence's error, so the error is read from the
 * fence exported as a sync file (SYNC_IOC_FILE_INFO status).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/sync_file.h>

#include "hmmgpu-job.h"

int hg_open(int nth)
{
	char name[64], path[64];

	for (int minor = 128; minor < 192; minor++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/renderD%d", minor);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 &&
		    strcmp(name, "hmmgpu") == 0 && nth-- == 0)
			return fd;
		close(fd);
	}
	return -1;
}

int hg_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int hg_program_create(int fd, const void *image, size_t size,
		      uint32_t *handle, uint32_t *flags, char *log,
		      uint32_t log_size)
{
	struct drm_hmmgpu_program_create pc = {
		.image = (uintptr_t)image,
		.size = size,
		.log = (uintptr_t)log,
		.log_size = log_size,
	};
	int ret = hg_ioctl(fd, DRM_IOCTL_HMMGPU_PROGRAM_CREATE, &pc);

	if (handle)
		*handle = pc.handle;
	if (flags)
		*flags = pc.flags;
	return ret;
}

int hg_program_destroy(int fd, uint32_t handle)
{
	struct drm_hmmgpu_program_destroy pd = { .handle = handle };

	return hg_ioctl(fd, DRM_IOCTL_HMMGPU_PROGRAM_DESTROY, &pd);
}

int hg_syncobj_create(int fd, uint32_t *handle)
{
	struct drm_syncobj_create c = { 0 };
	int ret = hg_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);

	*handle = c.handle;
	return ret;
}

int hg_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return hg_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

int64_t hg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int hg_syncobj_wait(int fd, uint32_t handle, int timeout_ms)
{
	struct timespec ts;
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&handle,
		.count_handles = 1,
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};

	/* The timeout is an absolute CLOCK_MONOTONIC time. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	w.timeout_nsec = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec +
			 (int64_t)timeout_ms * 1000000;
	return hg_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

int hg_sync_file(int fd, uint32_t handle)
{
	struct drm_syncobj_handle h = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	int ret = hg_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);

	return ret ? ret : h.fd;
}

int hg_sync_file_wait(int sync_file, int timeout_ms)
{
	struct pollfd p = { .fd = sync_file, .events = POLLIN };
	struct sync_file_info info = { 0 };
	int ret;

	do {
		ret = poll(&p, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return HG_WAIT_FAILED;
	if (ret == 0)
		return HG_PENDING;
	if (ioctl(sync_file, SYNC_IOC_FILE_INFO, &info))
		return HG_WAIT_FAILED;
	if (info.status == 0)
		return HG_PENDING;
	return info.status < 0 ? info.status : 0;
}

int hg_job_wait(int fd, uint32_t syncobj, int timeout_ms)
{
	int sync_file, ret;

	ret = hg_syncobj_wait(fd, syncobj, timeout_ms);
	if (ret == -ETIME)
		return HG_PENDING;
	if (ret)
		return HG_WAIT_FAILED;
	sync_file = hg_sync_file(fd, syncobj);
	if (sync_file < 0)
		return HG_WAIT_FAILED;
	ret = hg_sync_file_wait(sync_file, 0);
	close(sync_file);
	return ret;
}

struct drm_hmmgpu_counters hg_counters(int fd, uint32_t flags)
{
	struct drm_hmmgpu_counters c = { .flags = flags };

	if (ioctl(fd, DRM_IOCTL_HMMGPU_COUNTERS, &c))
		memset(&c, 0xff, sizeof(c));
	return c;
}

long hg_param(const char *name)
{
	char path[128];
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/hmmgpu/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &value) != 1)
		value = -1;
	fclose(f);
	return value;
}
