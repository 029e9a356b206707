// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu GPU VM: the device's mirror of a process address space.
 */

#include <linux/hmm.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/rmap.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "hmmgpu_compat.h"
#include "hmmgpu_drv.h"
#include <drm/hmmgpu_drm.h>

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
 * The device page table has two levels of leaf entries, each an xarray of
 * value entries ``pfn << HMMGPU_PTE_SHIFT | flags``:
 *
 * - @hmmgpu_vm.pt, indexed by virtual page number (address >> PAGE_SHIFT),
 *   holds 4 KiB entries;
 * - @hmmgpu_vm.pmd, indexed by address >> PMD_SHIFT, holds 2 MiB entries
 *   for ranges the CPU maps with a huge page (hmm_pfn_to_map_order() of at
 *   least PMD order: a THP or hugetlbfs page); the pfn is that of the first
 *   page of the aligned 2 MiB block.
 *
 * A lookup tries @pt first, then @pmd. Flags:
 *
 * - HMMGPU_PTE_WRITE: the device may write the page; without it the entry
 *   is read-only (a read fault of a COW page or of the zero page).
 * - HMMGPU_PTE_VRAM: the pfn is a page of this device's VRAM, private or
 *   coherent; the device reaches its data in the VRAM backing store or,
 *   for coherent VRAM, at the page's own address (see hmmgpu_dmem.c).
 *   Only 4 KiB entries. Another device's coherent VRAM is mapped like
 *   system memory.
 * - HMMGPU_PTE_EXCL: the device holds exclusive access to the page
 *   (make_device_exclusive_range()): the CPU page table entry is a
 *   device-exclusive entry, so device atomics on it are atomic. Only 4 KiB
 *   entries, always with HMMGPU_PTE_WRITE.
 *
 * A missing entry (or a reserved one, see below) means "not present": the
 * device faults. An invalidation of [start, end) removes the 4 KiB entries
 * in it and every 2 MiB entry that overlaps it.
 */

/**
 * DOC: GPU VM locking
 *
 * @hmmgpu_vm.lock is the "driver lock" of Documentation/mm/hmm.rst. The
 * invalidation callback takes it to clear entries and bump the notifier
 * sequence; a device fault calls hmm_range_fault() without it, then takes it
 * and enters the PFNs only if mmu_interval_read_retry() says no invalidation
 * ran in between -- otherwise it starts over. Device accesses to memory
 * (hmmgpu_vm_copy(), hmmgpu_vm_atomic_add()) happen under the lock, so an
 * entry they use cannot be invalidated, and its page not freed or migrated,
 * while they use it. Migration (hmmgpu_dmem.c) never holds the lock: the
 * kernel's migration code invalidates the range through the notifier.
 *
 * Because the invalidation callback takes the lock, and invalidations come
 * from reclaim, from paths holding mmap_lock and from paths holding page
 * locks (migration, exclusive access), the lock is innermost: under it the
 * driver never takes mmap_lock or a page lock, never touches user memory
 * (copies go through a bounce buffer) and never allocates memory that may
 * enter reclaim. Page table nodes are therefore allocated with GFP_NOWAIT
 * under the lock; when that fails, the fault drops the lock, reserves the
 * slot with xa_reserve() and GFP_KERNEL, and starts over.
 *
 * Exclusive access follows the same pattern: make_device_exclusive_range()
 * returns the pages locked; the driver takes @hmmgpu_vm.lock, checks the
 * notifier sequence, enters HMMGPU_PTE_EXCL entries and only then unlocks
 * the pages. A CPU access to a device-exclusive entry locks the page and
 * sends an MMU_NOTIFY_EXCLUSIVE invalidation whose owner is not this VM,
 * which removes the entry. The VM ignores only the MMU_NOTIFY_EXCLUSIVE
 * invalidations it caused itself (owner == the VM): they do not change
 * what the VM maps.
 *
 * Lock order: mmap_lock -> page lock -> @hmmgpu_vm.lock -> xarray's
 * internal spinlock; hmmgpu_vram.lock is a leaf taken without the others
 * mattering (page_free() runs in many contexts).
 */

#define HMMGPU_PTE_WRITE	BIT(0)
#define HMMGPU_PTE_VRAM		BIT(1)
#define HMMGPU_PTE_EXCL		BIT(2)
#define HMMGPU_PTE_SHIFT	3

#define HMMGPU_PMD_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#define HMMGPU_PMD_PAGES	(1UL << HMMGPU_PMD_ORDER)

/* Pages one device fault asks hmm_range_fault() for at most. */
#define HMMGPU_FAULT_PAGES	64

static inline void *hmmgpu_pte(unsigned long pfn, unsigned long flags)
{
	return xa_mk_value(pfn << HMMGPU_PTE_SHIFT | flags);
}

/*
 * hmmgpu_pt_lookup - the entry for virtual page @vpn, 4 KiB level first;
 * a 2 MiB entry is returned with the pfn of the page within it.
 */
static bool __hmmgpu_pt_lookup(struct hmmgpu_vm *vm, unsigned long vpn,
			       unsigned long *pte)
{
	void *entry;

	entry = xa_load(&vm->pt, vpn);
	if (xa_is_value(entry)) {
		*pte = xa_to_value(entry);
		return true;
	}
	entry = xa_load(&vm->pmd, vpn >> HMMGPU_PMD_ORDER);
	if (xa_is_value(entry)) {
		*pte = xa_to_value(entry) +
		       ((vpn & (HMMGPU_PMD_PAGES - 1)) << HMMGPU_PTE_SHIFT);
		return true;
	}
	return false;
}

static bool hmmgpu_pt_lookup(struct hmmgpu_vm *vm, unsigned long vpn,
			     unsigned long *pte)
{
	lockdep_assert_held(&vm->lock);
	return __hmmgpu_pt_lookup(vm, vpn, pte);
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

	/* Our own exclusive-access conversions keep the pages where they are. */
	if (range->event == MMU_NOTIFY_EXCLUSIVE && range->owner == vm)
		return true;

	if (mmu_notifier_range_blockable(range)) {
		mutex_lock(&vm->lock);
		/* Waits for the compute units' slices using the entries. */
		down_write(&vm->exec_lock);
	} else if (!mutex_trylock(&vm->lock)) {
		return false;
	} else if (!down_write_trylock(&vm->exec_lock)) {
		mutex_unlock(&vm->lock);
		return false;
	}

	mmu_interval_set_seq(mni, cur_seq);
	vm->tlb_seq++;
	xa_for_each_range(&vm->pt, index, entry, first, last) {
		xa_erase(&vm->pt, index);
		removed++;
	}
	xa_for_each_range(&vm->pmd, index, entry, first >> HMMGPU_PMD_ORDER,
			  last >> HMMGPU_PMD_ORDER) {
		xa_erase(&vm->pmd, index);
		removed += HMMGPU_PMD_PAGES;
	}
	hmmgpu_count(vm, invalidations, 1);
	hmmgpu_count(vm, pages_invalidated, removed);

	up_write(&vm->exec_lock);
	mutex_unlock(&vm->lock);
	return true;
}

static const struct mmu_interval_notifier_ops hmmgpu_vm_notifier_ops = {
	.invalidate = hmmgpu_vm_invalidate,
};

/* Where a page table node could not be allocated without reclaim. */
struct hmmgpu_pt_slot {
	struct xarray *xa;
	unsigned long index;
};

static int hmmgpu_pt_store(struct xarray *xa, unsigned long index, void *pte,
			   struct hmmgpu_pt_slot *failed)
{
	void *old = xa_store(xa, index, pte, GFP_NOWAIT | __GFP_NOWARN);

	if (xa_is_err(old)) {
		failed->xa = xa;
		failed->index = index;
		return xa_err(old);
	}
	return 0;
}

/*
 * __hmmgpu_vm_enter - enter the result of hmm_range_fault() into the page
 * table. Returns 0, or -ENOMEM with *@failed set to the slot whose node
 * could not be allocated without reclaim.
 */
static int __hmmgpu_vm_enter(struct hmmgpu_vm *vm, struct hmm_range *range,
			     struct hmmgpu_pt_slot *failed)
{
	unsigned long npages = (range->end - range->start) >> PAGE_SHIFT;
	unsigned long first = range->start >> PAGE_SHIFT;
	u64 mirrored = 0;
	unsigned long i;
	int ret;

	lockdep_assert_held(&vm->lock);

	for (i = 0; i < npages; i++) {
		unsigned long hpfn = range->hmm_pfns[i];
		unsigned long vpn = first + i;
		unsigned long flags = 0;
		struct page *page;

		if (!(hpfn & HMM_PFN_VALID))
			continue;
		page = hmm_pfn_to_page(hpfn);
		if (hpfn & HMM_PFN_WRITE)
			flags |= HMMGPU_PTE_WRITE;

		if (hmmgpu_is_vram_page(vm->hdev, page)) {
			flags |= HMMGPU_PTE_VRAM;
		} else if (hmm_pfn_to_map_order(hpfn) >= HMMGPU_PMD_ORDER) {
			/* The CPU maps the whole aligned block with one entry. */
			unsigned long in_block = vpn & (HMMGPU_PMD_PAGES - 1);

			ret = hmmgpu_pt_store(&vm->pmd, vpn >> HMMGPU_PMD_ORDER,
					      hmmgpu_pte(page_to_pfn(page) - in_block,
							 flags),
					      failed);
			if (ret)
				return ret;
			mirrored += HMMGPU_PMD_PAGES;
			i += HMMGPU_PMD_PAGES - 1 - in_block;
			continue;
		}
		ret = hmmgpu_pt_store(&vm->pt, vpn,
				      hmmgpu_pte(page_to_pfn(page), flags), failed);
		if (ret)
			return ret;
		mirrored++;
	}
	hmmgpu_count(vm, faults, 1);
	hmmgpu_count(vm, pages_mirrored, mirrored);
	return 0;
}

/*
 * hmmgpu_vm_unshare_vram - hmm_range_fault() reports the device's own VRAM
 * pages as they are, even read-only ones when a write was asked for: a
 * page shared copy-on-write after fork, or in a read-only mapping. For a
 * write the first kind is migrated back to system memory, where the next
 * round's write fault breaks COW as for any page; the second is -EPERM.
 * Returns 0 when every page is writable, -EAGAIN after migrating.
 */
static int hmmgpu_vm_unshare_vram(struct hmmgpu_vm *vm, struct hmm_range *range)
{
	unsigned long npages = (range->end - range->start) >> PAGE_SHIFT;
	struct mm_struct *mm = vm->notifier.mm;
	struct vm_area_struct *vma;
	unsigned long i, addr;
	bool writable;
	long ret;

	for (i = 0; i < npages; i++)
		if ((range->hmm_pfns[i] & (HMM_PFN_VALID | HMM_PFN_WRITE)) ==
		    HMM_PFN_VALID)
			break;
	if (i == npages)
		return 0;

	addr = range->start + i * PAGE_SIZE;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	writable = vma && (vma->vm_flags & VM_WRITE);
	mmap_read_unlock(mm);
	if (!writable)
		return -EPERM;
	ret = hmmgpu_migrate(vm, addr, 1, false);
	return ret < 0 ? ret : -EAGAIN;
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
	struct hmmgpu_pt_slot failed;
	unsigned long timeout;
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

		if (write) {
			ret = hmmgpu_vm_unshare_vram(vm, &range);
			if (ret == -EAGAIN)
				continue;
			if (ret)
				break;
		}

		mutex_lock(&vm->lock);
		if (mmu_interval_read_retry(range.notifier, range.notifier_seq)) {
			mutex_unlock(&vm->lock);
			continue;
		}
		ret = __hmmgpu_vm_enter(vm, &range, &failed);
		mutex_unlock(&vm->lock);
		if (ret != -ENOMEM)
			break;
		/* A node for the failed slot, allocated where reclaim is allowed. */
		ret = xa_reserve(failed.xa, failed.index, GFP_KERNEL);
		if (ret)
			break;
	}

	mmput(mm);
	return ret;
}

/* Kernel address of the data of the page an entry maps; see hmmgpu_unmap(). */
static void *hmmgpu_map(struct hmmgpu_vm *vm, unsigned long pte)
{
	unsigned long pfn = pte >> HMMGPU_PTE_SHIFT;

	if (pte & HMMGPU_PTE_VRAM)
		return hmmgpu_vram_addr(vm->hdev, pfn);
	return kmap_local_pfn(pfn);
}

static void hmmgpu_unmap(unsigned long pte, void *vaddr)
{
	if (!(pte & HMMGPU_PTE_VRAM))
		kunmap_local(vaddr);
}

/**
 * hmmgpu_vm_device_fault - a compute unit's device fault on one page
 * @vm: the GPU VM
 * @addr: the device address that missed
 * @write: the access was a write
 *
 * Called with no lock held. On return 0 the page was mirrored (it may be
 * invalidated again before the compute unit gets to it: it then simply
 * misses again).
 *
 * Return: 0 or a negative errno (-EFAULT: no mapping, or none allowing
 * the access; -ESRCH: the address space is gone; -EPERM, -ENOMEM, -EBUSY).
 */
int hmmgpu_vm_device_fault(struct hmmgpu_vm *vm, u64 addr, bool write)
{
	unsigned long start = addr & PAGE_MASK;

	if (addr >= TASK_SIZE)
		return -EFAULT;
	return hmmgpu_vm_fault(vm, start, start + PAGE_SIZE, write);
}

/**
 * hmmgpu_vm_lookup_kaddr - where the device reaches the page at @addr
 * @vm: the GPU VM
 * @addr: device virtual address
 * @writable: set to whether the entry allows writes
 *
 * The caller holds @vm->exec_lock for reading, which keeps the entry, and
 * so the page, in place until it drops the lock.
 *
 * Return: the kernel address of the page's data, or NULL when the page
 * table has no entry for @addr (a device fault).
 */
void *hmmgpu_vm_lookup_kaddr(struct hmmgpu_vm *vm, u64 addr, bool *writable)
{
	unsigned long pte, pfn;

	lockdep_assert_held_read(&vm->exec_lock);
	if (addr >= TASK_SIZE ||
	    !__hmmgpu_pt_lookup(vm, addr >> PAGE_SHIFT, &pte))
		return NULL;
	*writable = pte & HMMGPU_PTE_WRITE;
	pfn = pte >> HMMGPU_PTE_SHIFT;
	if (pte & HMMGPU_PTE_VRAM)
		return hmmgpu_vram_addr(vm->hdev, pfn);
	/* 64-bit only (no highmem): every system page is in the direct map. */
	return pfn_to_kaddr(pfn);
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
			void *chunk = buf + done * PAGE_SIZE;
			unsigned long pte;
			void *vaddr;

			if (!hmmgpu_pt_lookup(vm, first + done, &pte))
				break;
			if (write && !(pte & HMMGPU_PTE_WRITE))
				break;
			vaddr = hmmgpu_map(vm, pte);
			if (write)
				memcpy(vaddr, chunk, PAGE_SIZE);
			else
				memcpy(chunk, vaddr, PAGE_SIZE);
			hmmgpu_unmap(pte, vaddr);
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

/*
 * hmmgpu_snapshot_range - one hmm_range_fault() pass without faulting over
 * [@start, @end) on behalf of @owner's device-private pages.
 */
static int hmmgpu_snapshot_range(struct hmmgpu_vm *vm, struct mm_struct *mm,
				 unsigned long start, unsigned long end,
				 void *owner, unsigned long *pfns)
{
	struct hmm_range range = {
		.notifier = &vm->notifier,
		.start = start,
		.end = end,
		.hmm_pfns = pfns,
		.dev_private_owner = owner,
	};
	unsigned long timeout;
	int ret;

	timeout = jiffies + msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	do {
		if (fatal_signal_pending(current))
			return -EINTR;
		if (time_after(jiffies, timeout))
			return -EBUSY;
		range.notifier_seq = mmu_interval_read_begin(range.notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(&range);
		mmap_read_unlock(mm);
	} while (ret == -EBUSY);
	return ret;
}

static u8 hmmgpu_snap_bits(struct hmmgpu_vm *vm, unsigned long hpfn)
{
	struct hmmgpu_device *owner;
	struct page *page;
	u8 bits;

	if (hpfn & HMM_PFN_ERROR)
		return HMMGPU_SNAP_ERROR;
	if (!(hpfn & HMM_PFN_VALID))
		return 0;
	page = hmm_pfn_to_page(hpfn);
	bits = HMMGPU_SNAP_READ;
	if (hpfn & HMM_PFN_WRITE)
		bits |= HMMGPU_SNAP_WRITE;
	if (is_zero_pfn(page_to_pfn(page)))
		bits |= HMMGPU_SNAP_ZERO;
	owner = hmmgpu_page_vram_device(page);
	if (owner)
		bits |= owner == vm->hdev ? HMMGPU_SNAP_VRAM_LOCAL :
					    HMMGPU_SNAP_VRAM_REMOTE;
	if (hmm_pfn_to_map_order(hpfn) >= HMMGPU_PMD_ORDER)
		bits |= HMMGPU_SNAP_PMD;
	return bits;
}

/**
 * hmmgpu_vm_snapshot - per-page state of a range, without faulting
 * @vm: the GPU VM
 * @addr: page-aligned start
 * @npages: number of pages
 * @out: @npages bytes of HMMGPU_SNAP_* bits
 *
 * hmm_range_fault() without fault flags reports device-private pages only
 * for the owner it is asked for: pages it leaves unreported are asked for
 * again on behalf of each other hmmgpu device (VRAM_REMOTE).
 *
 * Return: 0 or a negative errno (see &struct drm_hmmgpu_snapshot).
 */
int hmmgpu_vm_snapshot(struct hmmgpu_vm *vm, u64 addr, u64 npages, u8 *out)
{
	struct mm_struct *mm = vm->notifier.mm;
	unsigned long pfns[HMMGPU_FAULT_PAGES];
	u64 done = 0;
	int ret = 0;

	if (!mmget_not_zero(mm))
		return -ESRCH;

	while (done < npages) {
		unsigned long n = min_t(u64, npages - done, HMMGPU_FAULT_PAGES);
		unsigned long start = addr + done * PAGE_SIZE;
		unsigned long end = start + n * PAGE_SIZE;
		bool unreported = false;
		unsigned int d;
		unsigned long i;

		ret = hmmgpu_snapshot_range(vm, mm, start, end, vm->hdev, pfns);
		if (ret)
			break;
		for (i = 0; i < n; i++) {
			out[done + i] = hmmgpu_snap_bits(vm, pfns[i]);
			unreported |= !out[done + i];
		}
		for (d = 0; unreported; d++) {
			struct hmmgpu_device *other = hmmgpu_device_get(d);

			if (!other)
				break;
			if (other == vm->hdev)
				continue;
			ret = hmmgpu_snapshot_range(vm, mm, start, end, other,
						    pfns);
			if (ret)
				goto out;
			unreported = false;
			for (i = 0; i < n; i++) {
				if (!out[done + i])
					out[done + i] = hmmgpu_snap_bits(vm, pfns[i]);
				unreported |= !out[done + i];
			}
		}

		mutex_lock(&vm->lock);
		for (i = 0; i < n; i++) {
			unsigned long pte;

			if (hmmgpu_pt_lookup(vm, (start >> PAGE_SHIFT) + i, &pte) &&
			    (pte & HMMGPU_PTE_EXCL))
				out[done + i] |= HMMGPU_SNAP_EXCLUSIVE;
		}
		mutex_unlock(&vm->lock);
		done += n;
		cond_resched();
	}
out:
	mmput(mm);
	return ret;
}

#if IS_ENABLED(CONFIG_DEVICE_PRIVATE)
/*
 * hmmgpu_split_huge - split the transparent huge pages mapped in [@start,
 * @end) of @vma's range. make_device_exclusive_range() refuses pages of a
 * large folio (6.1 skips tail pages and needs the folio unmapped entirely),
 * and a module cannot call split_huge_page(); migrate_vma_setup() splits
 * PMD-mapped anonymous THPs as it collects them. With no destination pages
 * the "migration" then restores every page where it was. This must run
 * before make_device_exclusive_range(), whose FOLL_SPLIT_PMD leaves a
 * PTE-mapped THP that neither can split.
 */
static void hmmgpu_split_huge(struct hmmgpu_vm *vm, struct vm_area_struct *vma,
			      unsigned long start, unsigned long end)
{
	unsigned long src[HMMGPU_FAULT_PAGES], dst[HMMGPU_FAULT_PAGES] = {};
	struct migrate_vma args = {
		.vma = vma,
		.src = src,
		.dst = dst,
		.start = start,
		.end = end,
		.pgmap_owner = vm->hdev,
		.flags = MIGRATE_VMA_SELECT_SYSTEM,
	};

	if (migrate_vma_setup(&args))
		return;
	migrate_vma_pages(&args);
	migrate_vma_finalize(&args);
}

/*
 * hmmgpu_vm_exclusive_chunk - take exclusive access to [@start, @end), at
 * most HMMGPU_FAULT_PAGES pages inside one VMA. Adds the pages granted to
 * *@granted; -EBUSY when some page could not be made exclusive.
 */
static int hmmgpu_vm_exclusive_chunk(struct hmmgpu_vm *vm, struct mm_struct *mm,
				     unsigned long start, unsigned long end,
				     u64 *granted)
{
	unsigned long npages = (end - start) >> PAGE_SHIFT;
	unsigned long hpfns[HMMGPU_FAULT_PAGES];
	struct page *pages[HMMGPU_FAULT_PAGES];
	struct hmmgpu_pt_slot failed;
	unsigned long timeout;
	unsigned long i, got;
	int ret;

	ret = hmmgpu_snapshot_range(vm, mm, start, end, vm->hdev, hpfns);
	if (ret)
		return ret;
	for (i = 0; i < npages; i++) {
		if ((hpfns[i] & HMM_PFN_VALID) &&
		    hmm_pfn_to_map_order(hpfns[i]) >= HMMGPU_PMD_ORDER) {
			struct vm_area_struct *vma;

			mmap_read_lock(mm);
			vma = vma_lookup(mm, start);
			if (vma && hmmgpu_vma_migratable(vma))
				hmmgpu_split_huge(vm, vma, start, end);
			mmap_read_unlock(mm);
			break;
		}
	}

	timeout = jiffies + msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	for (;;) {
		unsigned long seq;
		bool retry;
		long n;

		if (fatal_signal_pending(current))
			return -EINTR;
		if (time_after(jiffies, timeout))
			return -EBUSY;

		seq = mmu_interval_read_begin(&vm->notifier);
		mmap_read_lock(mm);
		n = hmmgpu_make_exclusive(mm, start, end, pages, vm);
		mmap_read_unlock(mm);
		if (n < 0)
			return n;

		ret = 0;
		got = 0;
		mutex_lock(&vm->lock);
		retry = mmu_interval_read_retry(&vm->notifier, seq);
		for (i = 0; i < n && !retry && !ret; i++) {
			if (!pages[i])
				continue;
			ret = hmmgpu_pt_store(&vm->pt, (start >> PAGE_SHIFT) + i,
					      hmmgpu_pte(page_to_pfn(pages[i]),
							 HMMGPU_PTE_EXCL |
							 HMMGPU_PTE_WRITE),
					      &failed);
			if (!ret)
				got++;
		}
		mutex_unlock(&vm->lock);
		for (i = 0; i < n; i++) {
			if (pages[i]) {
				unlock_page(pages[i]);
				put_page(pages[i]);
			}
		}

		if (n < npages)
			return -EFAULT;
		if (ret == -ENOMEM) {
			ret = xa_reserve(failed.xa, failed.index, GFP_KERNEL);
			if (ret)
				return ret;
			continue;
		}
		if (retry)
			continue;
		*granted += got;
		return got < npages ? -EBUSY : 0;
	}
}

/**
 * hmmgpu_vm_exclusive - take exclusive device access to a range
 * @vm: the GPU VM
 * @addr: page-aligned start
 * @npages: number of pages
 * @granted: set to the number of pages made exclusive
 *
 * Return: 0 or a negative errno (see &struct drm_hmmgpu_exclusive).
 */
int hmmgpu_vm_exclusive(struct hmmgpu_vm *vm, u64 addr, u64 npages,
			u64 *granted)
{
	struct mm_struct *mm = vm->notifier.mm;
	unsigned long end = addr + npages * PAGE_SIZE;
	unsigned long start = addr;
	int ret = 0, busy = 0;

	*granted = 0;
	if (!mmget_not_zero(mm))
		return -ESRCH;
	while (start < end) {
		struct vm_area_struct *vma;
		unsigned long next;

		mmap_read_lock(mm);
		vma = vma_lookup(mm, start);
		next = vma ? min(vma->vm_end, end) : 0;
		mmap_read_unlock(mm);
		if (!vma) {
			ret = -EFAULT;
			break;
		}
		next = min(next, start + HMMGPU_FAULT_PAGES * PAGE_SIZE);
		ret = hmmgpu_vm_exclusive_chunk(vm, mm, start, next, granted);
		if (ret == -EBUSY) {
			busy = ret;
			ret = 0;
		}
		if (ret)
			break;
		start = next;
		cond_resched();
	}
	mmput(mm);
	return ret ?: busy;
}

/**
 * hmmgpu_vm_atomic_add - a device atomic add on a 64-bit word
 * @vm: the GPU VM
 * @addr: 8-byte aligned device virtual address
 * @value: the operand
 * @old: the previous value
 *
 * The device operates on pages in its own VRAM directly and on system
 * pages only through an exclusive entry. Without an entry it takes a
 * device fault first, which finds a page in its VRAM where it is; a system
 * page then needs exclusive access. Coherent VRAM is atomic with respect
 * to the CPU as it is: both reach the same memory (see hmmgpu_dmem.c).
 *
 * Return: 0 or a negative errno (see &struct drm_hmmgpu_atomic).
 */
int hmmgpu_vm_atomic_add(struct hmmgpu_vm *vm, u64 addr, u64 value, u64 *old)
{
	unsigned long vpn = addr >> PAGE_SHIFT;
	bool faulted = false;
	unsigned long timeout;
	u64 granted;
	int ret;

	timeout = jiffies + msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	for (;;) {
		unsigned long pte = 0;
		bool present;

		mutex_lock(&vm->lock);
		present = hmmgpu_pt_lookup(vm, vpn, &pte);
		if (present && (pte & (HMMGPU_PTE_EXCL | HMMGPU_PTE_VRAM)) &&
		    (pte & HMMGPU_PTE_WRITE)) {
			void *vaddr = hmmgpu_map(vm, pte);

			*old = atomic64_fetch_add(value,
						  vaddr + offset_in_page(addr));
			hmmgpu_unmap(pte, vaddr);
			hmmgpu_count(vm, atomics, 1);
			mutex_unlock(&vm->lock);
			return 0;
		}
		mutex_unlock(&vm->lock);

		if (fatal_signal_pending(current))
			return -EINTR;
		if (time_after(jiffies, timeout))
			return -EBUSY;
		/*
		 * A read-only VRAM page (COW after fork) is written by
		 * faulting; so is a page without an entry, once.
		 */
		if (present ? !!(pte & HMMGPU_PTE_VRAM) : !faulted) {
			faulted = true;
			ret = hmmgpu_vm_fault(vm, addr & PAGE_MASK,
					      (addr & PAGE_MASK) + PAGE_SIZE, true);
			/* Not writable: -EFAULT, as from exclusive access. */
			if (ret == -EPERM)
				ret = -EFAULT;
		} else {
			ret = hmmgpu_vm_exclusive(vm, addr & PAGE_MASK, 1,
						  &granted);
		}
		if (ret)
			return ret;
	}
}
#else
int hmmgpu_vm_exclusive(struct hmmgpu_vm *vm, u64 addr, u64 npages,
			u64 *granted)
{
	*granted = 0;
	return -EOPNOTSUPP;
}

int hmmgpu_vm_atomic_add(struct hmmgpu_vm *vm, u64 addr, u64 value, u64 *old)
{
	return -EOPNOTSUPP;
}
#endif

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
	init_rwsem(&vm->exec_lock);
	xa_init(&vm->pt);
	xa_init(&vm->pmd);

	/*
	 * Invalidations come from reclaim and take both locks: tell lockdep
	 * now, so that an allocation that may reclaim under either lock is
	 * reported on first use rather than when it deadlocks.
	 */
	if (IS_ENABLED(CONFIG_LOCKDEP)) {
		fs_reclaim_acquire(GFP_KERNEL);
		mutex_lock(&vm->lock);
		down_write(&vm->exec_lock);
		up_write(&vm->exec_lock);
		mutex_unlock(&vm->lock);
		fs_reclaim_release(GFP_KERNEL);
	}

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
	xa_destroy(&vm->pmd);
	mutex_destroy(&vm->lock);
	kfree(vm);
}
