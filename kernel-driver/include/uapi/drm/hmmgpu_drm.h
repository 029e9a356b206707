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
#define DRM_HMMGPU_MIGRATE	0x03
#define DRM_HMMGPU_EXCLUSIVE	0x04
#define DRM_HMMGPU_ATOMIC	0x05
#define DRM_HMMGPU_SNAPSHOT	0x06
#define DRM_HMMGPU_PROGRAM_CREATE	0x07
#define DRM_HMMGPU_PROGRAM_DESTROY	0x08
#define DRM_HMMGPU_SUBMIT	0x09

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
 * Counters only grow, except the gauges @vram_pages and @vram_used and
 * @vram_flags, which describe the device in both modes. Migrations a CPU
 * fault or an eviction performs are charged to the device only: the page
 * may outlive every GPU VM. Errors: -EINVAL: @extensions, @pad or an unknown @flags bit nonzero.
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
	/** @migrated_to_vram: (out) pages migrated to VRAM. */
	__u64 migrated_to_vram;
	/**
	 * @migrated_to_ram: (out) pages migrated from VRAM to system memory
	 * (MIGRATE, CPU faults and evictions).
	 */
	__u64 migrated_to_ram;
	/** @evictions: (out) pages evicted from VRAM to make room. */
	__u64 evictions;
	/** @atomics: (out) device atomic operations (DRM_IOCTL_HMMGPU_ATOMIC). */
	__u64 atomics;
	/** @vram_pages: (out) gauge: VRAM size in pages, 0 without device memory. */
	__u64 vram_pages;
	/** @vram_used: (out) gauge: VRAM pages in use. */
	__u64 vram_used;
	/** @vram_flags: (out) HMMGPU_VRAM_* bits describing the VRAM. */
	__u64 vram_flags;
	/** @reserved: (out) zero. */
	__u64 reserved[1];
	/* Added with job submission; older callers pass a shorter struct. */
	/** @jobs_submitted: (out) jobs accepted by DRM_IOCTL_HMMGPU_SUBMIT. */
	__u64 jobs_submitted;
	/** @jobs_completed: (out) jobs whose fence signalled without error. */
	__u64 jobs_completed;
	/** @jobs_failed: (out) jobs whose fence signalled an error. */
	__u64 jobs_failed;
	/** @jobs_timed_out: (out) jobs stopped at their timeout (also in @jobs_failed). */
	__u64 jobs_timed_out;
	/** @work_groups: (out) work-groups the compute units ran to the end. */
	__u64 work_groups;
	/** @tlb_misses: (out) compute-unit TLB misses (each a page table walk). */
	__u64 tlb_misses;
	/**
	 * @auto_migrations: (out) pages the migration policy moved to VRAM
	 * because the compute units kept touching them (also in
	 * @migrated_to_vram).
	 */
	__u64 auto_migrations;
	/** @programs_verified: (out) program images the verifier accepted. */
	__u64 programs_verified;
	/** @programs_rejected: (out) program images the verifier rejected. */
	__u64 programs_rejected;
	/** @program_cache_hits: (out) PROGRAM_CREATE calls answered from the file's cache. */
	__u64 program_cache_hits;
};

/*
 * HMMGPU_VRAM_COHERENT - the VRAM is coherent device memory (module
 * parameter coherent_base): the CPU accesses pages in it in place, without
 * migrating them back. Without it VRAM is device-private: a CPU access
 * migrates the page to system memory first.
 */
#define HMMGPU_VRAM_COHERENT	(1u << 0)

/* Directions of DRM_IOCTL_HMMGPU_MIGRATE: exactly one must be given. */
#define HMMGPU_MIGRATE_TO_VRAM	(1u << 0)
#define HMMGPU_MIGRATE_TO_RAM	(1u << 1)

/**
 * struct drm_hmmgpu_migrate - migrate a range to or from the device's VRAM
 *
 * Moves the anonymous private pages of [@addr, @addr + @size) into the
 * device's VRAM (HMMGPU_MIGRATE_TO_VRAM) or back to system memory
 * (HMMGPU_MIGRATE_TO_RAM). Best effort: pages that cannot move stay where
 * they are and are not counted in @migrated -- file-backed and shared
 * mappings, pages pinned or locked by someone else, VRAM pages of another
 * device for TO_RAM. For TO_VRAM, pages in the VRAM of another hmmgpu device
 * are first faulted back to system memory (device-to-device migration goes
 * through system memory), unpopulated pages are allocated zero-filled, and
 * when VRAM is full the least recently migrated VRAM pages of the device
 * (any process) are evicted to system memory first. A CPU access to a page
 * in VRAM migrates it back transparently.
 *
 * Errors:
 *
 * - -EINVAL: @extensions or @pad nonzero; @flags not exactly one
 *   direction; @addr or @size not page-aligned; @size 0; overflow.
 * - -EACCES: the caller is not the process of the GPU VM.
 * - -EFAULT: part of the range is not mapped or not readable.
 * - -EOPNOTSUPP: the kernel has no CONFIG_DEVICE_PRIVATE, or the device
 *   no VRAM (module parameter vram_mb=0).
 * - -ENOMEM, -EINTR, -ESRCH, -EBUSY: as for &struct drm_hmmgpu_access.
 */
struct drm_hmmgpu_migrate {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @addr: (in) start, page-aligned. */
	__u64 addr;
	/** @size: (in) bytes, page-aligned, nonzero. */
	__u64 size;
	/** @flags: (in) HMMGPU_MIGRATE_TO_VRAM or HMMGPU_MIGRATE_TO_RAM. */
	__u32 flags;
	/** @pad: must be 0. */
	__u32 pad;
	/** @migrated: (out) pages this call moved. */
	__u64 migrated;
};

/**
 * struct drm_hmmgpu_exclusive - take exclusive (atomic) access to pages
 *
 * Makes the device the only agent that may access the anonymous private
 * pages of [@addr, @addr + @size): the CPU page table entries become
 * device-exclusive entries and the device page table gets exclusive
 * entries, through which device atomics (DRM_IOCTL_HMMGPU_ATOMIC) need no
 * further fault. The next CPU access to such a page revokes the exclusive
 * access (the device entry is removed) and then proceeds normally.
 * Transparent huge pages in the range are split first.
 *
 * Errors:
 *
 * - -EINVAL: @extensions, @flags or @pad nonzero; @addr or @size not
 *   page-aligned; @size 0; overflow.
 * - -EACCES: the caller is not the process of the GPU VM.
 * - -EFAULT: part of the range is not mapped, or not writable.
 * - -EBUSY: some page could not be made exclusive (not anonymous, e.g.
 *   file-backed or shared; or kept busy); @pages counts the ones that were.
 * - -EOPNOTSUPP: the kernel has no CONFIG_DEVICE_PRIVATE.
 * - -ENOMEM, -EINTR, -ESRCH: as for &struct drm_hmmgpu_access.
 */
struct drm_hmmgpu_exclusive {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @addr: (in) start, page-aligned. */
	__u64 addr;
	/** @size: (in) bytes, page-aligned, nonzero. */
	__u64 size;
	/** @flags: (in) none defined yet; must be 0. */
	__u32 flags;
	/** @pad: must be 0. */
	__u32 pad;
	/** @pages: (out) pages now held exclusively by the device. */
	__u64 pages;
};

/* Operations of DRM_IOCTL_HMMGPU_ATOMIC. */
#define HMMGPU_ATOMIC_ADD	0u

/**
 * struct drm_hmmgpu_atomic - a device atomic operation on a 64-bit word
 *
 * The device atomically adds @value to the naturally aligned 64-bit word
 * at @addr and returns the previous value in @old. The page must be in the
 * device's VRAM or held exclusively by the device: otherwise the device
 * takes exclusive access to it first (as DRM_IOCTL_HMMGPU_EXCLUSIVE does
 * for one page), so the operation is atomic with respect to the CPU.
 *
 * Errors:
 *
 * - -EINVAL: @extensions or @pad nonzero; @op unknown; @addr not 8-byte
 *   aligned.
 * - -EACCES: the caller is not the process of the GPU VM.
 * - -EFAULT: @addr is not mapped or not writable.
 * - -EBUSY: the page cannot be made exclusive (not anonymous private
 *   memory), or exclusive access kept being revoked.
 * - -EOPNOTSUPP: the kernel has no CONFIG_DEVICE_PRIVATE.
 * - -ENOMEM, -EINTR, -ESRCH: as for &struct drm_hmmgpu_access.
 */
struct drm_hmmgpu_atomic {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @addr: (in) device virtual address, 8-byte aligned. */
	__u64 addr;
	/** @value: (in) operand. */
	__u64 value;
	/** @op: (in) HMMGPU_ATOMIC_ADD. */
	__u32 op;
	/** @pad: must be 0. */
	__u32 pad;
	/** @old: (out) the value before the operation. */
	__u64 old;
};

/*
 * Per-page state bits written by DRM_IOCTL_HMMGPU_SNAPSHOT. 0: not mapped
 * by the CPU page table (never touched, or swapped out). READ/WRITE: the
 * CPU page table maps the page readable/writable (a page in VRAM has these
 * too). ZERO: the shared zero page. VRAM_LOCAL/VRAM_REMOTE: the page is in
 * the VRAM of this/another hmmgpu device. PMD: mapped by a huge (2 MiB)
 * entry. ERROR: no mapping there, or one without access (PROT_NONE).
 * EXCLUSIVE: this GPU VM holds exclusive access to the page (its CPU
 * entry is then a device-exclusive entry, so no CPU bits are set).
 */
#define HMMGPU_SNAP_READ	(1u << 0)
#define HMMGPU_SNAP_WRITE	(1u << 1)
#define HMMGPU_SNAP_ZERO	(1u << 2)
#define HMMGPU_SNAP_VRAM_LOCAL	(1u << 3)
#define HMMGPU_SNAP_VRAM_REMOTE	(1u << 4)
#define HMMGPU_SNAP_PMD		(1u << 5)
#define HMMGPU_SNAP_ERROR	(1u << 6)
#define HMMGPU_SNAP_EXCLUSIVE	(1u << 7)

/**
 * struct drm_hmmgpu_snapshot - per-page state of a range, without faulting
 *
 * Writes one byte of HMMGPU_SNAP_* bits per page of [@addr, @addr + @size)
 * to the buffer at @ptr (@size / 4096 bytes). Nothing is faulted in or
 * migrated: it describes the CPU page table as the device sees it, plus the
 * GPU VM's exclusive entries. Addresses without a mapping read as
 * HMMGPU_SNAP_ERROR, mapped pages not present in the CPU page table as 0.
 *
 * Errors:
 *
 * - -EINVAL: @extensions, @flags or @pad nonzero; @addr or @size not
 *   page-aligned; @size 0; overflow.
 * - -EACCES: the caller is not the process of the GPU VM.
 * - -EFAULT: @ptr is not a valid user buffer of @size / 4096 bytes.
 * - -ENOMEM, -EINTR, -ESRCH, -EBUSY: as for &struct drm_hmmgpu_access.
 */
struct drm_hmmgpu_snapshot {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @addr: (in) start, page-aligned. */
	__u64 addr;
	/** @size: (in) bytes, page-aligned, nonzero. */
	__u64 size;
	/** @ptr: (in) user buffer of @size / 4096 bytes. */
	__u64 ptr;
	/** @flags: (in) none defined yet; must be 0. */
	__u32 flags;
	/** @pad: must be 0. */
	__u32 pad;
};

/* Bytes of the verifier's log a PROGRAM_CREATE or SUBMIT can return at most. */
#define HMMGPU_LOG_MAX		4096

/*
 * HMMGPU_PROGRAM_CACHED - (out) the image was already verified in this
 * file: the handle is that program's, with one more reference.
 */
#define HMMGPU_PROGRAM_CACHED	(1u << 0)

/* Largest program image DRM_IOCTL_HMMGPU_PROGRAM_CREATE accepts. */
#define HMMGPU_PROGRAM_MAX_SIZE	(64u << 20)

/**
 * struct drm_hmmgpu_program_create - load a device-ISA program into the file
 *
 * Parses and verifies the program image (docs/isa.md) of @size bytes at
 * @image with the engine's verifier and returns a handle for
 * DRM_IOCTL_HMMGPU_SUBMIT. Nothing runs before the verifier has accepted
 * the image. Programs are cached per file: an image identical to one
 * already loaded in this file is not verified again; its handle is returned
 * with HMMGPU_PROGRAM_CACHED and one more reference (each successful call
 * must be matched by one PROGRAM_DESTROY). Programs live until destroyed or
 * until the file is closed; jobs keep theirs alive until they finish.
 *
 * When the image is rejected, the reason (one line: "insn N: reason",
 * "kernel K: reason" or the container's problem) is written NUL-terminated
 * to the buffer at @log of @log_size bytes (at most HMMGPU_LOG_MAX are
 * used; @log may be 0) and to the kernel log at debug level.
 *
 * Errors:
 * - -EINVAL: @extensions, @flags or @pad nonzero; @size 0 or above
 *   HMMGPU_PROGRAM_MAX_SIZE; the image is malformed or the verifier
 *   rejected it (see @log).
 * - -EFAULT: @image or @log is not a valid user buffer.
 * - -ENOMEM: out of memory.
 */
struct drm_hmmgpu_program_create {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @image: (in) user pointer to the program image. */
	__u64 image;
	/** @size: (in) bytes of the image. */
	__u64 size;
	/** @log: (in) user buffer for the rejection reason, or 0. */
	__u64 log;
	/** @log_size: (in) bytes at @log. */
	__u32 log_size;
	/** @flags: (in) must be 0; (out) HMMGPU_PROGRAM_CACHED or 0. */
	__u32 flags;
	/** @handle: (out) program handle, nonzero. */
	__u32 handle;
	/** @pad: must be 0. */
	__u32 pad;
};

/**
 * struct drm_hmmgpu_program_destroy - drop one reference to a program
 *
 * Errors: -EINVAL: @pad nonzero; -ENOENT: no program @handle in this file.
 */
struct drm_hmmgpu_program_destroy {
	/** @handle: (in) from PROGRAM_CREATE. */
	__u32 handle;
	/** @pad: must be 0. */
	__u32 pad;
};

/* Job types of DRM_IOCTL_HMMGPU_SUBMIT. */
#define HMMGPU_JOB_NDRANGE	0u
#define HMMGPU_JOB_COPY		1u
#define HMMGPU_JOB_FILL		2u

/* Limits of an NDRange job. */
#define HMMGPU_MAX_WORK_GROUP_SIZE	1024u
#define HMMGPU_MAX_LOCAL_MEM		(64u << 10)
#define HMMGPU_MAX_ARGS_SIZE		4096u
#define HMMGPU_MAX_FILL_PATTERN		128u

/**
 * struct drm_hmmgpu_ndrange - an NDRange launch (HMMGPU_JOB_NDRANGE)
 *
 * Runs kernel @kernel of program @program over the NDRange, as the engine's
 * struct hmm_launch describes it (docs/isa.md, "Launch"): every work-group
 * of @global_size / @local_size (rounded up: edge groups are smaller) with
 * the argument block at @args (exactly the kernel's arg_block_size bytes,
 * copied at submission), the program's data segment at device address
 * @data_base and @local_mem_size bytes of local memory per work-group.
 * Dimensions past @work_dim must be 0 (sizes) and are taken as 1.
 */
struct drm_hmmgpu_ndrange {
	/** @program: (in) handle from PROGRAM_CREATE. */
	__u32 program;
	/** @kernel: (in) index of the kernel in the program. */
	__u32 kernel;
	/** @work_dim: (in) 1, 2 or 3. */
	__u32 work_dim;
	/**
	 * @local_mem_size: (in) local memory bytes per work-group, at least
	 * the kernel's static local memory, at most HMMGPU_MAX_LOCAL_MEM.
	 */
	__u32 local_mem_size;
	/** @global_offset: (in) global id of the first work-item per dimension. */
	__u64 global_offset[3];
	/** @global_size: (in) work-items per dimension, nonzero up to @work_dim. */
	__u64 global_size[3];
	/**
	 * @local_size: (in) work-group size per dimension, nonzero up to
	 * @work_dim; the product at most HMMGPU_MAX_WORK_GROUP_SIZE.
	 */
	__u64 local_size[3];
	/** @args: (in) user pointer to the argument block. */
	__u64 args;
	/** @args_size: (in) bytes at @args: the kernel's arg_block_size. */
	__u32 args_size;
	/** @pad: must be 0. */
	__u32 pad;
	/** @data_base: (in) device address of the program's data segment (0 if none). */
	__u64 data_base;
};

/**
 * struct drm_hmmgpu_copy - a copy or fill through the GPU VM
 * (HMMGPU_JOB_COPY, HMMGPU_JOB_FILL)
 *
 * COPY copies @size bytes from device address @src to @dst (the ranges
 * must not overlap); FILL repeats the @pattern_size-byte pattern at user
 * pointer @pattern (copied at submission; 1 to HMMGPU_MAX_FILL_PATTERN
 * bytes, @size a multiple of it) over @size bytes at @dst. Both run on the
 * compute units through the device page table, taking device faults like
 * a kernel's accesses.
 */
struct drm_hmmgpu_copy {
	/** @dst: (in) destination device address. */
	__u64 dst;
	/** @src: (in) source device address (COPY), must be 0 for FILL. */
	__u64 src;
	/** @size: (in) bytes, nonzero. */
	__u64 size;
	/** @pattern: (in) user pointer to the pattern (FILL), 0 for COPY. */
	__u64 pattern;
	/** @pattern_size: (in) bytes of the pattern (FILL), 0 for COPY. */
	__u32 pattern_size;
	/** @pad: must be 0. */
	__u32 pad;
};

/**
 * struct drm_hmmgpu_job_status - what a job leaves at @status_addr
 *
 * Written by the device through the GPU VM when the job ends, before its
 * fence signals (best effort: nothing is written when the address is not
 * mapped writable).
 */
struct drm_hmmgpu_job_status {
	/** @error: 0, or the negative errno the fence signalled. */
	__s32 error;
	/** @insn: the instruction that trapped or faulted (NDRange), else 0. */
	__u32 insn;
	/** @fault_addr: the device address of an unresolvable fault, else 0. */
	__u64 fault_addr;
	/** @message: NUL-terminated description of the error, "" on success. */
	char message[112];
};

/**
 * struct drm_hmmgpu_submit - queue a job on the device's compute units
 *
 * The job (an NDRange launch, a copy or a fill, described by the struct of
 * @type at user pointer @job) starts once the fences of the @num_in_syncobjs
 * DRM syncobjs at @in_syncobjs have signalled (with an error in any of them
 * the job does not run and fails with -ECANCELED). Its completion is a
 * dma_fence installed in syncobj @out_syncobj (0: none), which userspace
 * waits on with DRM_IOCTL_SYNCOBJ_WAIT or exports as a sync file. The
 * fence signals with an error when the job fails:
 *
 * - -ETIMEDOUT: the job ran longer than @timeout_ms (0: the module
 *   parameter job_timeout_ms) and was stopped; the device stays usable.
 * - -EFAULT: an access of the job hit an address the process has no
 *   (suitable) mapping for, or its address space is gone.
 * - -EIO: the kernel trapped (e.g. a misaligned atomic, an out-of-bounds
 *   local access); @status_addr has the message.
 * - -ECANCELED: a dependency failed, or the file was closed first.
 * - -ENOMEM: memory for the work-group state ran out.
 *
 * With @status_addr nonzero (8-byte aligned) the device writes a
 * &struct drm_hmmgpu_job_status there before the fence signals.
 *
 * Submission errors (nothing is queued, the reason goes to @log as for
 * PROGRAM_CREATE and to the kernel log at debug level):
 * - -EINVAL: @extensions, @pad or @flags nonzero; @type unknown; fields of
 *   the job struct outside the rules above (work_dim, sizes, limits,
 *   @args_size not the kernel's, kernel index, overlapping copy, ...);
 *   @status_addr misaligned.
 * - -ENOENT: @program, a syncobj in @in_syncobjs or @out_syncobj does not
 *   exist in this file.
 * - -EACCES: the caller is not the process of the GPU VM.
 * - -EFAULT: @job, @in_syncobjs, @args, @pattern or @log is not a valid
 *   user buffer.
 * - -ENOMEM: out of memory.
 */
struct drm_hmmgpu_submit {
	/** @extensions: (in) extension chain; must be 0. */
	__u64 extensions;
	/** @job: (in) user pointer to the struct of @type. */
	__u64 job;
	/** @type: (in) HMMGPU_JOB_*. */
	__u32 type;
	/** @flags: (in) none defined yet; must be 0. */
	__u32 flags;
	/** @in_syncobjs: (in) user pointer to @num_in_syncobjs __u32 handles. */
	__u64 in_syncobjs;
	/** @num_in_syncobjs: (in) at most 64. */
	__u32 num_in_syncobjs;
	/** @out_syncobj: (in) syncobj that receives the job's fence, or 0. */
	__u32 out_syncobj;
	/** @timeout_ms: (in) run-time limit, 0 for the module's default. */
	__u32 timeout_ms;
	/** @log_size: (in) bytes at @log. */
	__u32 log_size;
	/** @log: (in) user buffer for a submission error's reason, or 0. */
	__u64 log;
	/** @status_addr: (in) device address for the job's status record, or 0. */
	__u64 status_addr;
	/** @seqno: (out) the job's fence sequence number. */
	__u64 seqno;
};

#define DRM_IOCTL_HMMGPU_READ \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_READ, struct drm_hmmgpu_access)
#define DRM_IOCTL_HMMGPU_WRITE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_WRITE, struct drm_hmmgpu_access)
#define DRM_IOCTL_HMMGPU_COUNTERS \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_COUNTERS, struct drm_hmmgpu_counters)
#define DRM_IOCTL_HMMGPU_MIGRATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_MIGRATE, struct drm_hmmgpu_migrate)
#define DRM_IOCTL_HMMGPU_EXCLUSIVE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_EXCLUSIVE, struct drm_hmmgpu_exclusive)
#define DRM_IOCTL_HMMGPU_ATOMIC \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_ATOMIC, struct drm_hmmgpu_atomic)
#define DRM_IOCTL_HMMGPU_SNAPSHOT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_HMMGPU_SNAPSHOT, struct drm_hmmgpu_snapshot)
#define DRM_IOCTL_HMMGPU_PROGRAM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_PROGRAM_CREATE, struct drm_hmmgpu_program_create)
#define DRM_IOCTL_HMMGPU_PROGRAM_DESTROY \
	DRM_IOW(DRM_COMMAND_BASE + DRM_HMMGPU_PROGRAM_DESTROY, struct drm_hmmgpu_program_destroy)
#define DRM_IOCTL_HMMGPU_SUBMIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_HMMGPU_SUBMIT, struct drm_hmmgpu_submit)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_HMMGPU_DRM_H_ */
