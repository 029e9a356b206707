// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu GPU VM: the device's mirror of a process address space.
 */

#include <linux/hmm.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "hmmgpu_drv.h"

/**
 * DOC: GPU VM overview
 *
 * Each open file of an hmmgpu render node owns one GPU VM, which mirrors the
 * address space (&struct mm_struct) of the process that opened the file: a
 * device virtual address is a process virtual address. The device reaches
 * memory only through its own page table, never through a CPU mapping, and
 * the page table holds no page references: nothing is pinned.
 *
 * The page table is filled on *device faults*: when the device touches a
 * page it has no (or a read-only, for a write) entry for, the driver calls
 * hmm_range_fault(), which faults the CPU page table as a CPU access would
 * (allocating, COW-breaking, swapping in) and returns the PFNs; the driver
 * enters them. It is emptied by *invalidations*: an &mmu_interval_notifier
 * over the whole address space tells the driver before the kernel changes
 * or frees any CPU page table entry (munmap, COW, mprotect, migration,
 * reclaim, exit), and the driver drops the entries of that range before the
 * pages can be reused.
 */

/**
 * DOC: GPU VM page table
 *
 * The device page table is an xarray indexed by virtual page number
 * (address >> PAGE_SHIFT). An entry is an xarray value entry holding
 * ``pfn << HMMGPU_PTE_SHIFT | flags`` with the flag
 *
 * - HMMGPU_PTE_WRITE: the device may write the page; without it the entry
 *   is read-only (a read fault of a COW page or of the zero page).
 *
 * A missing entry (or a reserved one, see below) means "not present": the
 * device faults. Entries are 4 KiB; huge CPU mappings are entered as their
 * 4 KiB pieces.
 */

/**
 * DOC: GPU VM locking
 *
 * @hmmgpu_vm.lock is the "driver lock" of Documentation/mm/hmm.rst. The
 * invalidation callback takes it to clear entries and bump the notifier
 * sequence; a device fault calls hmm_range_fault() without it, then takes it
 * and enters the PFNs only if mmu_interval_read_retry() says no invalidation
 * ran in between -- otherwise it starts over. Device accesses to memory
 * (hmmgpu_vm_copy()) happen under the lock, so an entry they use cannot be
 * invalidated, and its page not freed, while they use it.
 *
 * Because the invalidation callback takes the lock, and invalidations come
 * from reclaim and from paths holding mmap_lock, the lock is innermost:
 * under it the driver never takes mmap_lock, never touches user memory
 * (copies go through a bounce buffer) and never allocates memory that may
 * enter reclaim. Page table nodes are therefore allocated with GFP_NOWAIT
 * under the lock; when that fails, the fault drops the lock, reserves the
 * slot with xa_reserve() and GFP_KERNEL, and starts over.
 *
 * Lock order: mmap_lock -> @hmmgpu_vm.lock -> xarray's internal spinlock.
 */

#define HMMGPU_PTE_WRITE	BIT(0)
#define HMMGPU_PTE_SHIFT	1

/* Pages one device fault asks hmm_range_fault() for at most. */
#define HMMGPU_FAULT_PAGES	64

static inline void *hmmgpu_pte(unsigned long pfn, bool write)
{
	return xa_mk_value(pfn << HMMGPU_PTE_SHIFT | (write ? HMMGPU_PTE_WRITE : 0));
}

/*
 * hmmgpu_vm_invalidate - the notifier callback: drop the device entries of
 * the range before the CPU page table changes.
 */
static bool hmmgpu_vm_invalidate(struct mmu_interval_notifier *mni,
				 const struct mmu_notifier_range *range,
				 unsigned long cur_seq)
{
	struct hmmgpu_vm *vm = container_of(mni, struct hmmgpu_vm, notifier);
	unsigned long first = range->start >> PAGE_SHIFT;
	unsigned long last = (range->end - 1) >> PAGE_SHIFT;
	unsigned long index;
	u64 removed = 0;
	void *entry;

	if (mmu_notifier_range_blockable(range))
		mutex_lock(&vm->lock);
	else if (!mutex_trylock(&vm->lock))
		return false;

	mmu_interval_set_seq(mni, cur_seq);
	xa_for_each_range(&vm->pt, index, entry, first, last) {
		xa_erase(&vm->pt, index);
		removed++;
	}
	hmmgpu_count(vm, invalidations, 1);
	hmmgpu_count(vm, pages_invalidated, removed);

	mutex_unlock(&vm->lock);
	return true;
}

static const struct mmu_interval_notifier_ops hmmgpu_vm_notifier_ops = {
	.invalidate = hmmgpu_vm_invalidate,
};

/*
 * __hmmgpu_vm_enter - enter the result of hmm_range_fault() into the page
 * table. Returns 0, or -ENOMEM with *@failed set to the index whose node
 * could not be allocated without reclaim.
 */
static int __hmmgpu_vm_enter(struct hmmgpu_vm *vm, struct hmm_range *range,
			     unsigned long *failed)
{
	unsigned long npages = (range->end - range->start) >> PAGE_SHIFT;
	unsigned long first = range->start >> PAGE_SHIFT;
	unsigned long i;

	lockdep_assert_held(&vm->lock);

	for (i = 0; i < npages; i++) {
		unsigned long hpfn = range->hmm_pfns[i];
		struct page *page;
		void *old;

		if (!(hpfn & HMM_PFN_VALID))
			continue;
		page = hmm_pfn_to_page(hpfn);
		old = xa_store(&vm->pt, first + i,
			       hmmgpu_pte(page_to_pfn(page), hpfn & HMM_PFN_WRITE),
			       GFP_NOWAIT | __GFP_NOWARN);
		if (xa_is_err(old)) {
			*failed = first + i;
			return xa_err(old);
		}
	}
	hmmgpu_count(vm, faults, 1);
	hmmgpu_count(vm, pages_mirrored, npages);
	return 0;
}

/*
 * hmmgpu_vm_fault - a device fault on [@start, @end): fault the CPU page
 * table through hmm_range_fault() and mirror the result, retrying while
 * invalidations race with it.
 */
static int hmmgpu_vm_fault(struct hmmgpu_vm *vm, unsigned long start,
			   unsigned long end, bool write)
{
	struct mm_struct *mm = vm->notifier.mm;
	unsigned long pfns[HMMGPU_FAULT_PAGES];
	struct hmm_range range = {
		.notifier = &vm->notifier,
		.start = start,
		.end = min(end, start + HMMGPU_FAULT_PAGES * PAGE_SIZE),
		.hmm_pfns = pfns,
		.default_flags = HMM_PFN_REQ_FAULT |
				 (write ? HMM_PFN_REQ_WRITE : 0),
		.dev_private_owner = vm->hdev,
	};
	unsigned long timeout;
	unsigned long failed;
	int ret;

	if (!mmget_not_zero(mm))
		return -ESRCH;

	timeout = jiffies + msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	for (;;) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (time_after(jiffies, timeout)) {
			ret = -EBUSY;
			break;
		}

		range.notifier_seq = mmu_interval_read_begin(range.notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(&range);
		mmap_read_unlock(mm);
		if (ret == -EBUSY)
			continue;
		if (ret)
			break;

		mutex_lock(&vm->lock);
		if (mmu_interval_read_retry(range.notifier, range.notifier_seq)) {
			mutex_unlock(&vm->lock);
			continue;
		}
		ret = __hmmgpu_vm_enter(vm, &range, &failed);
		mutex_unlock(&vm->lock);
		if (ret != -ENOMEM)
			break;
		/* A node for @failed, allocated where reclaim is allowed. */
		ret = xa_reserve(&vm->pt, failed, GFP_KERNEL);
		if (ret)
			break;
	}

	mmput(mm);
	return ret;
}

/**
 * hmmgpu_vm_copy - the device reads or writes memory through its page table
 * @vm: the GPU VM
 * @addr: page-aligned device virtual address
 * @buf: kernel buffer of @npages pages to copy from (@write) or to
 * @npages: number of pages
 * @write: whether the device writes (else reads)
 * @faults: incremented for each device fault taken
 *
 * Copies page by page under @vm->lock while entries are present (and
 * writable, for @write), and takes a device fault for the rest.
 *
 * Return: 0 or a negative errno (see &struct drm_hmmgpu_access).
 */
int hmmgpu_vm_copy(struct hmmgpu_vm *vm, u64 addr, void *buf, u64 npages,
		   bool write, u64 *faults)
{
	unsigned long first = addr >> PAGE_SHIFT;
	u64 done = 0;
	int ret;

	while (done < npages) {
		mutex_lock(&vm->lock);
		for (; done < npages; done++) {
			void *entry = xa_load(&vm->pt, first + done);
			void *chunk = buf + done * PAGE_SIZE;
			unsigned long pte;
			void *vaddr;

			if (!xa_is_value(entry))
				break;
			pte = xa_to_value(entry);
			if (write && !(pte & HMMGPU_PTE_WRITE))
				break;
			vaddr = kmap_local_pfn(pte >> HMMGPU_PTE_SHIFT);
			if (write)
				memcpy(vaddr, chunk, PAGE_SIZE);
			else
				memcpy(chunk, vaddr, PAGE_SIZE);
			kunmap_local(vaddr);
			if (write)
				hmmgpu_count(vm, bytes_written, PAGE_SIZE);
			else
				hmmgpu_count(vm, bytes_read, PAGE_SIZE);
		}
		mutex_unlock(&vm->lock);
		if (done == npages)
			break;

		ret = hmmgpu_vm_fault(vm, (first + done) << PAGE_SHIFT,
				      (first + npages) << PAGE_SHIFT, write);
		if (ret)
			return ret;
		(*faults)++;
		cond_resched();
	}
	return 0;
}

/**
 * hmmgpu_vm_counters - snapshot the counters of a GPU VM
 * @vm: the GPU VM
 * @out: where to store them
 */
void hmmgpu_vm_counters(struct hmmgpu_vm *vm, struct hmmgpu_counters *out)
{
	mutex_lock(&vm->lock);
	*out = vm->counters;
	mutex_unlock(&vm->lock);
}

/**
 * hmmgpu_vm_create - create a GPU VM mirroring @mm
 * @hdev: the device
 * @mm: the address space to mirror (the opener's)
 *
 * Return: the VM, or an ERR_PTR.
 */
struct hmmgpu_vm *hmmgpu_vm_create(struct hmmgpu_device *hdev,
				   struct mm_struct *mm)
{
	struct hmmgpu_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->hdev = hdev;
	mutex_init(&vm->lock);
	xa_init(&vm->pt);

	ret = mmu_interval_notifier_insert(&vm->notifier, mm, 0,
					   ULONG_MAX & PAGE_MASK,
					   &hmmgpu_vm_notifier_ops);
	if (ret)
		goto err_free;
	return vm;

err_free:
	mutex_destroy(&vm->lock);
	kfree(vm);
	return ERR_PTR(ret);
}

/**
 * hmmgpu_vm_destroy - tear a GPU VM down
 * @vm: the VM
 *
 * Removes the notifier first (waiting for a running invalidation), so
 * nothing can reach the page table any more.
 */
void hmmgpu_vm_destroy(struct hmmgpu_vm *vm)
{
	mmu_interval_notifier_remove(&vm->notifier);
	xa_destroy(&vm->pt);
	mutex_destroy(&vm->lock);
	kfree(vm);
}
