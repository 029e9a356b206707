/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * hmmgpu: a DRM render driver for a virtual SVM GPU built on HMM.
 */
#ifndef _HMMGPU_DRV_H_
#define _HMMGPU_DRV_H_

#include <linux/atomic.h>
#include <linux/dma-fence.h>
#include <linux/fs.h>
#include <linux/hugetlb_inline.h>
#include <linux/list.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/wait.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include <drm/drm_device.h>

#define HMMGPU_NAME "hmmgpu"

struct drm_file;
struct hmm_program;
struct hmmgpu_cu;
struct hmmgpu_device;

/**
 * struct hmmgpu_counters - event counters of a GPU VM
 *
 * Mirrors the (out) fields of &struct drm_hmmgpu_counters.
 */
struct hmmgpu_counters {
	/** @faults: device faults that filled the page table */
	u64 faults;
	/** @pages_mirrored: page table entries filled by faults */
	u64 pages_mirrored;
	/** @invalidations: mmu notifier invalidations received */
	u64 invalidations;
	/** @pages_invalidated: page table entries removed by invalidations */
	u64 pages_invalidated;
	/** @bytes_read: bytes the device read */
	u64 bytes_read;
	/** @bytes_written: bytes the device wrote */
	u64 bytes_written;
	/** @migrated_to_vram: pages migrated from system memory to VRAM */
	u64 migrated_to_vram;
	/** @migrated_to_ram: pages migrated from VRAM to system memory */
	u64 migrated_to_ram;
	/** @evictions: pages evicted from VRAM to make room */
	u64 evictions;
	/** @atomics: device atomic operations performed */
	u64 atomics;
	/** @jobs_submitted: jobs accepted by the SUBMIT ioctl */
	u64 jobs_submitted;
	/** @jobs_completed: jobs whose fence signalled without error */
	u64 jobs_completed;
	/** @jobs_failed: jobs whose fence signalled an error */
	u64 jobs_failed;
	/** @jobs_timed_out: jobs stopped at their timeout */
	u64 jobs_timed_out;
	/** @work_groups: work-groups (and copy chunks) run to the end */
	u64 work_groups;
	/** @tlb_misses: compute-unit TLB misses */
	u64 tlb_misses;
	/** @auto_migrations: pages the migration policy moved to VRAM */
	u64 auto_migrations;
	/** @programs_verified: program images the verifier accepted */
	u64 programs_verified;
	/** @programs_rejected: program images the verifier rejected */
	u64 programs_rejected;
	/** @program_cache_hits: PROGRAM_CREATE calls answered from the cache */
	u64 program_cache_hits;
};

/**
 * struct hmmgpu_vram - the emulated device memory of one virtual GPU
 *
 * See the DOC sections of hmmgpu_dmem.c.
 */
struct hmmgpu_vram {
	/**
	 * @pgmap: the ZONE_DEVICE pages of VRAM: MEMORY_DEVICE_PRIVATE, or
	 * MEMORY_DEVICE_COHERENT over a reserved physical range
	 */
	struct dev_pagemap pgmap;
	/**
	 * @mem: the backing store of private VRAM: page i of VRAM is @mem +
	 * i * PAGE_SIZE; NULL for coherent VRAM, whose pages are their own
	 * storage (in the kernel's direct map)
	 */
	void *mem;
	/** @coherent: the pages are MEMORY_DEVICE_COHERENT */
	bool coherent;
	/** @pfn_first: pfn of the device-private page of VRAM page 0 */
	unsigned long pfn_first;
	/** @npages: VRAM size in pages; 0 when device memory is disabled */
	unsigned long npages;
	/**
	 * @lock: protects @nodes, @free, @used and @nused; taken from
	 * page_free(), which may run under page table locks
	 */
	spinlock_t lock;
	/** @nodes: one list node per VRAM page, on @free or on @used */
	struct list_head *nodes;
	/** @free: free VRAM pages */
	struct list_head free;
	/** @used: allocated VRAM pages, least recently migrated first */
	struct list_head used;
	/** @nused: number of pages on @used */
	unsigned long nused;
};

/**
 * struct hmmgpu_vm - a GPU VM: the device's mirror of one process address space
 *
 * One per open file. See the DOC sections of hmmgpu_vm.c.
 */
struct hmmgpu_vm {
	/** @hdev: the device this VM belongs to */
	struct hmmgpu_device *hdev;
	/** @notifier: interval notifier over the whole address space of the mm */
	struct mmu_interval_notifier notifier;
	/**
	 * @lock: the driver lock of Documentation/mm/hmm.rst: serializes page
	 * table updates from device faults against invalidations. Innermost:
	 * nothing that can sleep on reclaim or take mmap_lock runs under it.
	 */
	struct mutex lock;
	/** @pt: 4 KiB entries, index = virtual page number; protected by @lock */
	struct xarray pt;
	/** @pmd: 2 MiB entries, index = address >> PMD_SHIFT; protected by @lock */
	struct xarray pmd;
	/** @counters: protected by @lock */
	struct hmmgpu_counters counters;
	/**
	 * @exec_lock: held for reading by a compute unit while it accesses
	 * memory through entries of @pt and @pmd (one execution slice), for
	 * writing by the invalidation callback while it removes entries; see
	 * DOC: compute unit memory access in hmmgpu_cu.c
	 */
	struct rw_semaphore exec_lock;
	/**
	 * @tlb_seq: bumped under @exec_lock held for writing by every
	 * invalidation; a compute unit whose TLB was filled at an older value
	 * flushes it before its next access
	 */
	unsigned long tlb_seq;
	/** @access: see &struct hmmgpu_access_counters */
	struct hmmgpu_access_counters {
		/** @access.chunk: 64 KiB chunk number (address >> 16) per slot */
		unsigned long chunk[64];
		/** @access.count: TLB misses counted for @access.chunk */
		unsigned int count[64];
	} access;
};

/**
 * struct hmmgpu_device - one virtual GPU
 */
struct hmmgpu_device {
	/** @drm: the DRM device (render node) */
	struct drm_device drm;
	/** @index: the number of this virtual GPU, 0 .. num_devices - 1 */
	unsigned int index;
	/**
	 * @totals: the counters of every GPU VM this device had, summed;
	 * updated with hmmgpu_count() next to the VM's own
	 */
	struct {
		atomic64_t faults;
		atomic64_t pages_mirrored;
		atomic64_t invalidations;
		atomic64_t pages_invalidated;
		atomic64_t bytes_read;
		atomic64_t bytes_written;
		atomic64_t migrated_to_vram;
		atomic64_t migrated_to_ram;
		atomic64_t evictions;
		atomic64_t atomics;
		atomic64_t jobs_submitted;
		atomic64_t jobs_completed;
		atomic64_t jobs_failed;
		atomic64_t jobs_timed_out;
		atomic64_t work_groups;
		atomic64_t tlb_misses;
		atomic64_t auto_migrations;
		atomic64_t programs_verified;
		atomic64_t programs_rejected;
		atomic64_t program_cache_hits;
	} totals;
	/** @vram: the device memory */
	struct hmmgpu_vram vram;
	/** @sched: the job queue and compute units, see hmmgpu_job.c */
	struct hmmgpu_sched {
		/**
		 * @sched.lock: protects @sched.runnable and the dispatch state
		 * of every job; taken from fence callbacks (any context):
		 * irqsave
		 */
		spinlock_t lock;
		/**
		 * @sched.runnable: jobs with work-groups left to hand out,
		 * oldest first
		 */
		struct list_head runnable;
		/** @sched.wq: compute units wait here for runnable jobs */
		wait_queue_head_t wq;
		/** @sched.cus: @sched.num_cus compute units */
		struct hmmgpu_cu **cus;
		/** @sched.num_cus: number of compute units */
		unsigned int num_cus;
		/** @sched.seqno: the last job sequence number given out */
		atomic64_t seqno;
		/** @sched.fence_lock: the lock of every job fence of the device */
		spinlock_t fence_lock;
	} sched;
};

static inline struct hmmgpu_device *to_hmmgpu(struct drm_device *drm)
{
	return container_of(drm, struct hmmgpu_device, drm);
}

/*
 * hmmgpu_count - add @n to counter @field of @vm and of its device. The VM's
 * counters are protected by its lock.
 */
#define hmmgpu_count(vm, field, n)					\
	do {								\
		lockdep_assert_held(&(vm)->lock);			\
		(vm)->counters.field += (n);				\
		atomic64_add((n), &(vm)->hdev->totals.field);		\
	} while (0)

/* hmmgpu_dev_count - add @n to device counter @field only (no VM to charge). */
#define hmmgpu_dev_count(hdev, field, n)				\
	atomic64_add((n), &(hdev)->totals.field)

/**
 * struct hmmgpu_file - what an open file of the render node owns
 */
struct hmmgpu_file {
	/** @vm: the GPU VM mirroring the opener's address space */
	struct hmmgpu_vm *vm;
	/** @lock: protects @programs and the user references in them */
	struct mutex lock;
	/** @programs: handle -> &struct hmmgpu_program */
	struct xarray programs;
	/** @jobs: jobs of this file not finished yet; sched.lock */
	struct list_head jobs;
	/** @jobs_done: woken when a job of this file finishes */
	wait_queue_head_t jobs_done;
};

struct hmmgpu_vm *hmmgpu_vm_create(struct hmmgpu_device *hdev,
				   struct mm_struct *mm);
void hmmgpu_vm_destroy(struct hmmgpu_vm *vm);
int hmmgpu_vm_copy(struct hmmgpu_vm *vm, u64 addr, void *buf, u64 npages,
		   bool write, u64 *faults);
void hmmgpu_vm_counters(struct hmmgpu_vm *vm, struct hmmgpu_counters *out);
int hmmgpu_vm_snapshot(struct hmmgpu_vm *vm, u64 addr, u64 npages, u8 *out);
int hmmgpu_vm_exclusive(struct hmmgpu_vm *vm, u64 addr, u64 npages,
			u64 *granted);
int hmmgpu_vm_atomic_add(struct hmmgpu_vm *vm, u64 addr, u64 value, u64 *old);
int hmmgpu_vm_device_fault(struct hmmgpu_vm *vm, u64 addr, bool write);
void *hmmgpu_vm_lookup_kaddr(struct hmmgpu_vm *vm, u64 addr, bool *writable);

/* hmmgpu_program.c */
struct hmmgpu_program;
void hmmgpu_programs_init(struct hmmgpu_file *hfile);
void hmmgpu_programs_fini(struct hmmgpu_file *hfile);
struct hmmgpu_program *hmmgpu_program_lookup(struct hmmgpu_file *hfile,
					     u32 handle);
void hmmgpu_program_put(struct hmmgpu_program *program);
const struct hmm_program *hmmgpu_program_parsed(struct hmmgpu_program *program);
int hmmgpu_ioctl_program_create(struct drm_device *drm, void *data,
				struct drm_file *file);
int hmmgpu_ioctl_program_destroy(struct drm_device *drm, void *data,
				 struct drm_file *file);

/* hmmgpu_job.c */
int hmmgpu_sched_init(struct hmmgpu_device *hdev);
void hmmgpu_sched_fini(struct hmmgpu_device *hdev);
void hmmgpu_jobs_cancel_file(struct hmmgpu_file *hfile);
int hmmgpu_ioctl_submit(struct drm_device *drm, void *data,
			struct drm_file *file);

/* Common checks of the ioctls (hmmgpu_drv.c). */
struct hmmgpu_vm *hmmgpu_file_vm(struct drm_file *file);
int hmmgpu_copy_log(struct drm_device *drm, u64 uptr, u32 size,
		    const char *log);

struct hmmgpu_device *hmmgpu_device_get(unsigned int index);

/* VMAs migrate_vma_setup() accepts (it fails with -EINVAL on the others). */
static inline bool hmmgpu_vma_migratable(struct vm_area_struct *vma)
{
	return !is_vm_hugetlb_page(vma) && !(vma->vm_flags & VM_SPECIAL) &&
	       !vma_is_dax(vma);
}

#if IS_ENABLED(CONFIG_DEVICE_PRIVATE)
int hmmgpu_vram_init(struct hmmgpu_device *hdev, struct device *dev,
		     unsigned long size, phys_addr_t coherent_base);
void hmmgpu_vram_fini(struct hmmgpu_device *hdev);
long hmmgpu_migrate(struct hmmgpu_vm *vm, unsigned long start,
		    unsigned long npages, bool to_vram);
unsigned long hmmgpu_vram_used(struct hmmgpu_device *hdev);
struct hmmgpu_device *hmmgpu_page_vram_device(struct page *page);

static inline bool hmmgpu_is_vram_page(struct hmmgpu_device *hdev,
				       struct page *page)
{
	return hmmgpu_page_vram_device(page) == hdev;
}

/* Kernel address of the data of VRAM page @pfn of @hdev. */
static inline void *hmmgpu_vram_addr(struct hmmgpu_device *hdev,
				     unsigned long pfn)
{
	if (hdev->vram.coherent)
		return pfn_to_kaddr(pfn);
	return hdev->vram.mem + (pfn - hdev->vram.pfn_first) * PAGE_SIZE;
}
#else
static inline int hmmgpu_vram_init(struct hmmgpu_device *hdev,
				   struct device *dev, unsigned long size,
				   phys_addr_t coherent_base)
{
	return 0;
}

static inline void hmmgpu_vram_fini(struct hmmgpu_device *hdev)
{
}

static inline long hmmgpu_migrate(struct hmmgpu_vm *vm, unsigned long start,
				  unsigned long npages, bool to_vram)
{
	return -EOPNOTSUPP;
}

static inline unsigned long hmmgpu_vram_used(struct hmmgpu_device *hdev)
{
	return 0;
}

static inline struct hmmgpu_device *hmmgpu_page_vram_device(struct page *page)
{
	return NULL;
}

static inline bool hmmgpu_is_vram_page(struct hmmgpu_device *hdev,
				       struct page *page)
{
	return false;
}

static inline void *hmmgpu_vram_addr(struct hmmgpu_device *hdev,
				     unsigned long pfn)
{
	return NULL;
}
#endif

/**
 * hmmgpu_migrate_to_vram - migrate a range of a GPU VM into VRAM
 * @vm: the GPU VM
 * @start: page-aligned device virtual address
 * @npages: number of pages
 *
 * The entry point of the execution engine: best effort, pages that cannot
 * move (file-backed, pinned, VRAM full after eviction) stay where they are.
 *
 * Return: pages migrated, or a negative errno.
 */
static inline long hmmgpu_migrate_to_vram(struct hmmgpu_vm *vm,
					  unsigned long start,
					  unsigned long npages)
{
	return hmmgpu_migrate(vm, start, npages, true);
}

#endif /* _HMMGPU_DRV_H_ */
