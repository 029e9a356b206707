/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * hmmgpu: a DRM render driver for a virtual SVM GPU built on HMM.
 */
#ifndef _HMMGPU_DRV_H_
#define _HMMGPU_DRV_H_

#include <linux/atomic.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include <drm/drm_device.h>

#define HMMGPU_NAME "hmmgpu"

struct drm_file;
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
	/** @pt: the device page table, index = virtual page number; protected by @lock */
	struct xarray pt;
	/** @counters: protected by @lock */
	struct hmmgpu_counters counters;
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
	} totals;
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

struct hmmgpu_vm *hmmgpu_vm_create(struct hmmgpu_device *hdev,
				   struct mm_struct *mm);
void hmmgpu_vm_destroy(struct hmmgpu_vm *vm);
int hmmgpu_vm_copy(struct hmmgpu_vm *vm, u64 addr, void *buf, u64 npages,
		   bool write, u64 *faults);
void hmmgpu_vm_counters(struct hmmgpu_vm *vm, struct hmmgpu_counters *out);

#endif /* _HMMGPU_DRV_H_ */
