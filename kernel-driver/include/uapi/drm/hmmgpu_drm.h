/* SPDX-License-Identifier: MIT */
/*
 * hmmgpu: UAPI of the HMM-based virtual SVM GPU.
 *
 * Every struct is made of fixed-width fields with explicit padding. Rules
 * common to all ioctls:
 *
 * - @extensions is the head of a chain of extension structs for future
 *   growth. No extension is defined yet: it must be 0 (-EINVAL otherwise).
 * - Flags not defined here are rejected with -EINVAL.
 * - Padding and reserved fields must be zero on input (-EINVAL otherwise)
 *   and are zero on output.
 * - Addresses are process virtual addresses: a GPU VM (one per open file)
 *   mirrors the address space of the process that opened the file, and only
 *   that process may use it (-EACCES from any other).
 * - Every rejection of user input logs one line with the reason at debug
 *   level (drm.debug=0x2 shows it).
 */
#ifndef _UAPI_HMMGPU_DRM_H_
#define _UAPI_HMMGPU_DRM_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_HMMGPU_READ		0x00
#define DRM_HMMGPU_WRITE	0x01
#define DRM_HMMGPU_COUNTERS	0x02

/**
 * struct drm_hmmgpu_access - make the device copy memory through its page table
 *
 * Test and observability ioctl: the device reads (DRM_IOCTL_HMMGPU_READ) or
 * writes (DRM_IOCTL_HMMGPU_WRITE) @size bytes at device virtual address @addr
 * of the GPU VM, taking device faults as a GPU would, and copies them to or
 * from the buffer at @ptr. The transfer goes through the device page table
 * only, never through a CPU mapping of @addr.
 *
 * Errors (both ioctls):
 *
 * - -EINVAL: @extensions, @flags or @pad nonzero; @addr or @size not
 *   page-aligned; @size 0; @addr + @size overflows.
 * - -EACCES: the caller is not the process whose address space the GPU VM
 *   mirrors.
 * - -EFAULT: part of [@addr, @addr + @size) is not mapped, or not readable;
 *   or @ptr is not a valid user buffer of @size bytes.
 * - -EPERM: WRITE to memory mapped without write permission.
 * - -ENOMEM: out of memory for the device page table or a bounce buffer.
 * - -EBUSY: device faults kept being invalidated for longer than the
 *   driver's fault timeout.
 * - -EINTR: a fatal signal is pending.
 * - -ESRCH: the mirrored address space is gone (the process exited).
 */
struct drm_hmmgpu_access {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @addr: (in) device virtual address, page-aligned. */
	__u64 addr;
	/** @ptr: (in) user buffer the data is copied to (READ) or from (WRITE). */
	__u64 ptr;
	/** @size: (in) bytes to transfer, page-aligned, nonzero. */
	__u64 size;
	/** @flags: (in) none defined yet; must be 0. */
	__u32 flags;
	/** @pad: must be 0. */
	__u32 pad;
	/** @faults: (out) device faults this transfer took. */
	__u64 faults;
};

/**
 * HMMGPU_COUNTERS_DEVICE - counters of the device rather than of the GPU VM
 *
 * With this flag DRM_IOCTL_HMMGPU_COUNTERS returns totals over every GPU VM
 * the device ever had; without it, the counters of the caller's GPU VM.
 */
#define HMMGPU_COUNTERS_DEVICE	(1u << 0)
#define HMMGPU_COUNTERS_FLAGS	HMMGPU_COUNTERS_DEVICE

/**
 * struct drm_hmmgpu_counters - event counters of a GPU VM or of the device
 *
 * Counters only grow. Errors: -EINVAL: @extensions, @pad or an unknown
 * @flags bit nonzero.
 */
struct drm_hmmgpu_counters {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @flags: (in) 0 or HMMGPU_COUNTERS_DEVICE. */
	__u32 flags;
	/** @pad: must be 0. */
	__u32 pad;
	/** @faults: (out) device faults (calls of hmm_range_fault that succeeded). */
	__u64 faults;
	/** @pages_mirrored: (out) device page table entries filled by faults. */
	__u64 pages_mirrored;
	/** @invalidations: (out) mmu notifier invalidations received. */
	__u64 invalidations;
	/** @pages_invalidated: (out) device page table entries removed by them. */
	__u64 pages_invalidated;
	/** @bytes_read: (out) bytes the device read (DRM_IOCTL_HMMGPU_READ). */
	__u64 bytes_read;
	/** @bytes_written: (out) bytes the device wrote (DRM_IOCTL_HMMGPU_WRITE). */
	__u64 bytes_written;
	/** @reserved: (out) zero; room for more counters. */
	__u64 reserved[8];
};

#define DRM_IOCTL_HMMGPU_READ \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_READ, struct drm_hmmgpu_access)
#define DRM_IOCTL_HMMGPU_WRITE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_WRITE, struct drm_hmmgpu_access)
#define DRM_IOCTL_HMMGPU_COUNTERS \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_COUNTERS, struct drm_hmmgpu_counters)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_HMMGPU_DRM_H_ */
