// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu device memory: emulated VRAM as ZONE_DEVICE private or coherent
 * pages, and migration between it and system memory.
 */

#include <linux/highmem.h>
#include <linux/hmm.h>
#include <linux/ioport.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <drm/drm_print.h>

#include "hmmgpu_drv.h"

/**
 * DOC: device memory
 *
 * Each virtual GPU owns ``vram_mb`` MiB of emulated VRAM. Its storage is a
 * vmalloc() buffer (kernel-allocated system pages); what makes it device
 * memory to the kernel is a range of MEMORY_DEVICE_PRIVATE struct pages
 * (devm_request_free_mem_region() for an unused physical range, then
 * memremap_pages()) with one device-private page per VRAM page: VRAM page i
 * is the device-private pfn ``pfn_first + i`` and its data lives at
 * ``mem + i * PAGE_SIZE``. The CPU cannot map such pages; a CPU page table
 * entry for one is a device-private swap entry, and a CPU access faults into
 * &dev_pagemap_ops.migrate_to_ram, which migrates the page back to system
 * memory. The pgmap owner is the &struct hmmgpu_device, so
 * hmm_range_fault() hands a device its own VRAM pages as they are and
 * faults another device's back to system memory first.
 *
 * Allocator: every VRAM page has a list node that is either on the free
 * list or on the used list, which is kept in allocation order, i.e. the
 * order pages were migrated in. Allocation takes the first free node and
 * appends it to the used list; &dev_pagemap_ops.page_free (the last
 * reference to the page went away: migrated back, unmapped, process gone)
 * moves it back to the free list. Both run under hmmgpu_vram.lock, a
 * spinlock because page_free() may run in atomic context.
 *
 * Eviction: migration to VRAM first makes room for the pages it is about
 * to move. When fewer pages are free than the chunk needs, it evicts the
 * least recently migrated pages -- the head of the used list -- back to
 * system memory with migrate_device_range(), which finds their mappings
 * by pfn (the driver does not need to know which process or address maps
 * them), unmaps them (the mmu notifiers of every mirror invalidate their
 * entries), and migrate_device_pages()/migrate_device_finalize() switch
 * the mappings to the copies. A page that is busy (locked: being migrated
 * or faulted right now) is skipped; migration is best effort, so when
 * eviction could not free enough, the pages that found no VRAM stay in
 * system memory. Evicting before migrate_vma_setup() means eviction never
 * runs while this migration holds page locks or mmap_lock, so it cannot
 * deadlock against them.
 *
 * Device removal evicts every page the same way, retrying until the VRAM
 * is empty, before memunmap_pages() (which waits for all device pages to
 * be freed).
 */

/**
 * DOC: coherent device memory
 *
 * With ``coherent_base`` given for a device, its VRAM is not emulated
 * behind device-private pages but is a range of real, CPU-addressable
 * physical memory that the kernel does not use (reserved on the kernel
 * command line with ``memmap=SIZE$ADDR``): memremap_pages() with
 * MEMORY_DEVICE_COHERENT over exactly that range, after
 * devm_request_mem_region() claims it. This models memory on a cache
 * coherent bus (CXL, OpenCAPI: the seeds' CDM). The kernel maps the range
 * into its direct map, so a VRAM page's data is at its own kernel address
 * and no backing store exists.
 *
 * The allocator, eviction and migration in both directions are the ones of
 * private VRAM, with MIGRATE_VMA_SELECT_DEVICE_COHERENT to select pages
 * for the way back. What differs is what the kernel does with the pages: a
 * coherent page is mapped by an ordinary present CPU page table entry, so
 * the CPU reads and writes it in place -- no fault, no migrate_to_ram
 * (which coherent VRAM does not have), and the device's entries stay valid
 * across CPU accesses. fork shares it copy-on-write like any anonymous
 * page (the write fault copies it to system memory). Short-term
 * get_user_pages() references it where it is; a FOLL_LONGTERM pin migrates
 * it to system memory first (6.1's check_and_migrate_movable_pages()),
 * because coherent device memory must stay evictable. hmm_range_fault()
 * reports it as a normal pfn to every device: the owning device maps it as
 * local VRAM, another device maps it like system memory, reaching it over
 * the (emulated) coherent bus; migration to another device's VRAM first
 * migrates it to system memory, since migrate_vma_setup() only selects
 * coherent pages of the owner it is asked for.
 */

/* Pages migrated per migrate_vma_setup() call. */
#define HMMGPU_MIGRATE_PAGES	64

static const struct dev_pagemap_ops hmmgpu_private_ops;
static const struct dev_pagemap_ops hmmgpu_coherent_ops;

static struct hmmgpu_device *hmmgpu_page_device(struct page *page)
{
	return container_of(page->pgmap, struct hmmgpu_device, vram.pgmap);
}

/**
 * hmmgpu_page_vram_device - the hmmgpu device whose VRAM @page is
 * @page: any page
 *
 * Return: the device, or NULL when @page is not hmmgpu VRAM.
 */
struct hmmgpu_device *hmmgpu_page_vram_device(struct page *page)
{
	if (!is_zone_device_page(page) ||
	    (page->pgmap->ops != &hmmgpu_private_ops &&
	     page->pgmap->ops != &hmmgpu_coherent_ops))
		return NULL;
	return hmmgpu_page_device(page);
}

static unsigned long hmmgpu_vram_index(struct hmmgpu_vram *vram,
				       unsigned long pfn)
{
	return pfn - vram->pfn_first;
}

static void hmmgpu_page_free(struct page *page)
{
	struct hmmgpu_vram *vram = &hmmgpu_page_device(page)->vram;
	unsigned long flags;

	spin_lock_irqsave(&vram->lock, flags);
	list_move_tail(&vram->nodes[hmmgpu_vram_index(vram, page_to_pfn(page))],
		       &vram->free);
	vram->nused--;
	spin_unlock_irqrestore(&vram->lock, flags);
}

/*
 * hmmgpu_vram_alloc - a free VRAM page, locked with one reference (as
 * migration wants destination pages), or NULL when VRAM is full.
 */
static struct page *hmmgpu_vram_alloc(struct hmmgpu_device *hdev)
{
	struct hmmgpu_vram *vram = &hdev->vram;
	struct list_head *node;
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&vram->lock, flags);
	node = list_empty(&vram->free) ? NULL : vram->free.next;
	if (node) {
		list_move_tail(node, &vram->used);
		vram->nused++;
	}
	spin_unlock_irqrestore(&vram->lock, flags);
	if (!node)
		return NULL;
	page = pfn_to_page(vram->pfn_first + (node - vram->nodes));
	zone_device_page_init(page);
	return page;
}

unsigned long hmmgpu_vram_used(struct hmmgpu_device *hdev)
{
	return READ_ONCE(hdev->vram.nused);
}

static unsigned long hmmgpu_vram_free(struct hmmgpu_device *hdev)
{
	return hdev->vram.npages - READ_ONCE(hdev->vram.nused);
}

/*
 * hmmgpu_copy_to_ram - allocate system pages for the VRAM pages selected in
 * @src and copy their data; a page that gets no copy keeps its dst entry 0
 * and is not migrated.
 */
static void hmmgpu_copy_to_ram(const unsigned long *src, unsigned long *dst,
			       unsigned long npages,
			       struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long i;

	for (i = 0; i < npages; i++, addr += PAGE_SIZE) {
		struct page *spage = migrate_pfn_to_page(src[i]);
		struct page *dpage;

		dst[i] = 0;
		if (!spage || !(src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		if (vma)
			dpage = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, addr);
		else
			dpage = alloc_page(GFP_HIGHUSER_MOVABLE);
		if (!dpage)
			continue;
		lock_page(dpage);
		memcpy_to_page(dpage, 0,
			       hmmgpu_vram_addr(hmmgpu_page_device(spage),
						page_to_pfn(spage)),
			       PAGE_SIZE);
		dst[i] = migrate_pfn(page_to_pfn(dpage));
		if (src[i] & MIGRATE_PFN_WRITE)
			dst[i] |= MIGRATE_PFN_WRITE;
	}
}

/* Pages whose migration went through (after migrate_*_pages()). */
static unsigned long hmmgpu_count_migrated(const unsigned long *src,
					   const unsigned long *dst,
					   unsigned long npages)
{
	unsigned long i, n = 0;

	for (i = 0; i < npages; i++)
		if ((src[i] & MIGRATE_PFN_MIGRATE) && dst[i])
			n++;
	return n;
}

/*
 * hmmgpu_vram_evict - migrate up to @want of the least recently migrated
 * VRAM pages back to system memory. Returns the number evicted.
 */
static unsigned long hmmgpu_vram_evict(struct hmmgpu_device *hdev,
				       unsigned long want)
{
	struct hmmgpu_vram *vram = &hdev->vram;
	unsigned long src[HMMGPU_MIGRATE_PAGES], dst[HMMGPU_MIGRATE_PAGES];
	unsigned long pfns[HMMGPU_MIGRATE_PAGES];
	unsigned long i, n = 0, evicted;
	struct list_head *node;
	unsigned long flags;

	want = min_t(unsigned long, want, HMMGPU_MIGRATE_PAGES);
	spin_lock_irqsave(&vram->lock, flags);
	list_for_each(node, &vram->used) {
		if (n == want)
			break;
		pfns[n++] = vram->pfn_first + (node - vram->nodes);
	}
	spin_unlock_irqrestore(&vram->lock, flags);

	/* A page freed since is skipped: its refcount is 0. */
	for (i = 0; i < n; i++)
		migrate_device_range(&src[i], pfns[i], 1);
	hmmgpu_copy_to_ram(src, dst, n, NULL, 0);
	migrate_device_pages(src, dst, n);
	evicted = hmmgpu_count_migrated(src, dst, n);
	migrate_device_finalize(src, dst, n);

	hmmgpu_dev_count(hdev, evictions, evicted);
	hmmgpu_dev_count(hdev, migrated_to_ram, evicted);
	return evicted;
}

/*
 * hmmgpu_migrate_to_ram - the CPU touched a page in VRAM: migrate it back.
 */
static vm_fault_t hmmgpu_migrate_to_ram(struct vm_fault *vmf)
{
	struct hmmgpu_device *hdev = hmmgpu_page_device(vmf->page);
	unsigned long src = 0, dst = 0;
	struct migrate_vma args = {
		.vma = vmf->vma,
		.src = &src,
		.dst = &dst,
		.start = vmf->address & PAGE_MASK,
		.end = (vmf->address & PAGE_MASK) + PAGE_SIZE,
		.pgmap_owner = hdev,
		.flags = MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
		.fault_page = vmf->page,
	};
	bool oom;

	if (migrate_vma_setup(&args))
		return VM_FAULT_SIGBUS;
	/* Nothing selected: someone else migrated it; the fault is retried. */
	if (!args.cpages)
		return 0;
	hmmgpu_copy_to_ram(&src, &dst, 1, vmf->vma, args.start);
	/* No copy for a page that could be migrated: out of memory. */
	oom = (src & MIGRATE_PFN_MIGRATE) && !dst;
	migrate_vma_pages(&args);
	hmmgpu_dev_count(hdev, migrated_to_ram,
			 hmmgpu_count_migrated(&src, &dst, 1));
	migrate_vma_finalize(&args);
	/* Otherwise a page that did not move now is retried by the CPU. */
	return oom ? VM_FAULT_OOM : 0;
}

static const struct dev_pagemap_ops hmmgpu_private_ops = {
	.page_free = hmmgpu_page_free,
	.migrate_to_ram = hmmgpu_migrate_to_ram,
};

/* The CPU maps coherent pages directly: nothing to migrate on its access. */
static const struct dev_pagemap_ops hmmgpu_coherent_ops = {
	.page_free = hmmgpu_page_free,
};

/*
 * hmmgpu_copy_to_vram - allocate VRAM pages for the system pages selected
 * in @args->src and copy their data (zero-fill pages that have none).
 */
static void hmmgpu_copy_to_vram(struct hmmgpu_device *hdev,
				struct migrate_vma *args)
{
	unsigned long i;

	for (i = 0; i < args->npages; i++) {
		struct page *spage = migrate_pfn_to_page(args->src[i]);
		struct page *dpage;
		void *to;

		args->dst[i] = 0;
		if (!(args->src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		dpage = hmmgpu_vram_alloc(hdev);
		if (!dpage)
			continue;
		to = hmmgpu_vram_addr(hdev, page_to_pfn(dpage));
		if (spage)
			memcpy_from_page(to, spage, 0, PAGE_SIZE);
		else
			memset(to, 0, PAGE_SIZE);
		args->dst[i] = migrate_pfn(page_to_pfn(dpage));
		if ((args->src[i] & MIGRATE_PFN_WRITE) ||
		    (!spage && (args->vma->vm_flags & VM_WRITE)))
			args->dst[i] |= MIGRATE_PFN_WRITE;
	}
}

/*
 * hmmgpu_fault_home - fault every page of [@start, @end) in, so pages in
 * another device's VRAM come back to system memory (hmm_range_fault()
 * migrates device-private pages of other owners to RAM) and unpopulated
 * ones get a page.
 */
static int hmmgpu_fault_home(struct hmmgpu_vm *vm, struct mm_struct *mm,
			     unsigned long start, unsigned long end)
{
	unsigned long pfns[HMMGPU_MIGRATE_PAGES];
	struct hmm_range range = {
		.notifier = &vm->notifier,
		.start = start,
		.end = end,
		.hmm_pfns = pfns,
		.default_flags = HMM_PFN_REQ_FAULT,
		.dev_private_owner = vm->hdev,
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

/*
 * hmmgpu_migrate_vma - one migrate_vma_setup() pass over [@start, *@end)
 * (inside one VMA, at most HMMGPU_MIGRATE_PAGES; *@end is clipped to the
 * VMA): into the VRAM of @to, or, with @to NULL, from the VRAM of @from
 * to system memory. Returns pages moved or a negative errno.
 */
static long hmmgpu_migrate_vma(struct mm_struct *mm, unsigned long start,
			       unsigned long *end, struct hmmgpu_device *to,
			       struct hmmgpu_device *from)
{
	unsigned long src[HMMGPU_MIGRATE_PAGES], dst[HMMGPU_MIGRATE_PAGES];
	struct migrate_vma args = {
		.src = src,
		.dst = dst,
		.start = start,
		.pgmap_owner = to ?: from,
		.flags = to ? MIGRATE_VMA_SELECT_SYSTEM :
			      MIGRATE_VMA_SELECT_DEVICE_PRIVATE |
			      MIGRATE_VMA_SELECT_DEVICE_COHERENT,
	};
	long moved;
	int ret;

	mmap_read_lock(mm);
	args.vma = vma_lookup(mm, start);
	if (!args.vma) {
		mmap_read_unlock(mm);
		return -EFAULT;
	}
	*end = min(*end, args.vma->vm_end);
	args.end = *end;
	/* Memory the kernel cannot migrate: nothing moves, not an error. */
	if (!hmmgpu_vma_migratable(args.vma)) {
		mmap_read_unlock(mm);
		return 0;
	}
	ret = migrate_vma_setup(&args);
	if (ret) {
		mmap_read_unlock(mm);
		return ret;
	}
	if (to)
		hmmgpu_copy_to_vram(to, &args);
	else
		hmmgpu_copy_to_ram(src, dst, args.npages, args.vma, start);
	migrate_vma_pages(&args);
	moved = hmmgpu_count_migrated(src, dst, args.npages);
	migrate_vma_finalize(&args);
	mmap_read_unlock(mm);
	return moved;
}

/*
 * hmmgpu_release_coherent - migrate the pages of [@start, @end) that are
 * in the coherent VRAM of devices other than @hdev to system memory, so
 * that @hdev can take them (see the DOC on coherent device memory).
 */
static int hmmgpu_release_coherent(struct hmmgpu_device *hdev,
				   struct mm_struct *mm, unsigned long start,
				   unsigned long end)
{
	struct hmmgpu_device *other;
	unsigned int d;

	for (d = 0; (other = hmmgpu_device_get(d)); d++) {
		unsigned long addr, next;
		long moved;

		if (other == hdev || !other->vram.coherent)
			continue;
		for (addr = start; addr < end; addr = next) {
			next = end;
			moved = hmmgpu_migrate_vma(mm, addr, &next, NULL, other);
			if (moved < 0)
				return moved;
			hmmgpu_dev_count(other, migrated_to_ram, moved);
		}
	}
	return 0;
}

/*
 * hmmgpu_migrate_chunk - migrate [@start, @end) (inside one VMA, at most
 * HMMGPU_MIGRATE_PAGES) in the direction asked; returns pages moved or a
 * negative errno.
 */
static long hmmgpu_migrate_chunk(struct hmmgpu_vm *vm, struct mm_struct *mm,
				 unsigned long start, unsigned long *end,
				 bool to_vram)
{
	struct hmmgpu_device *hdev = vm->hdev;
	unsigned long npages;
	int ret;

	if (!to_vram)
		return hmmgpu_migrate_vma(mm, start, end, NULL, hdev);

	npages = (*end - start) >> PAGE_SHIFT;
	if (hmmgpu_vram_free(hdev) < npages)
		hmmgpu_vram_evict(hdev, npages - hmmgpu_vram_free(hdev));
	ret = hmmgpu_fault_home(vm, mm, start, *end);
	if (!ret)
		ret = hmmgpu_release_coherent(hdev, mm, start, *end);
	if (ret)
		return ret;
	return hmmgpu_migrate_vma(mm, start, end, hdev, NULL);
}

/**
 * hmmgpu_migrate - migrate a range of a GPU VM to or from VRAM
 * @vm: the GPU VM
 * @start: page-aligned device virtual address
 * @npages: number of pages
 * @to_vram: direction
 *
 * Return: pages moved, or a negative errno (see &struct drm_hmmgpu_migrate).
 */
long hmmgpu_migrate(struct hmmgpu_vm *vm, unsigned long start,
		    unsigned long npages, bool to_vram)
{
	struct mm_struct *mm = vm->notifier.mm;
	unsigned long end = start + npages * PAGE_SIZE;
	long total = 0;

	if (!vm->hdev->vram.npages)
		return -EOPNOTSUPP;
	if (!mmget_not_zero(mm))
		return -ESRCH;
	while (start < end) {
		unsigned long next = min(end, start +
					 HMMGPU_MIGRATE_PAGES * PAGE_SIZE);
		long moved;

		if (fatal_signal_pending(current)) {
			total = -EINTR;
			break;
		}
		moved = hmmgpu_migrate_chunk(vm, mm, start, &next, to_vram);
		if (moved < 0) {
			total = moved;
			break;
		}
		total += moved;
		mutex_lock(&vm->lock);
		if (to_vram)
			hmmgpu_count(vm, migrated_to_vram, moved);
		else
			hmmgpu_count(vm, migrated_to_ram, moved);
		mutex_unlock(&vm->lock);
		start = next;
		cond_resched();
	}
	mmput(mm);
	return total;
}

/*
 * hmmgpu_vram_pages_private - ZONE_DEVICE private pages over an unused
 * physical range, backed by @size bytes of vmalloc() memory.
 */
static int hmmgpu_vram_pages_private(struct hmmgpu_vram *vram,
				     struct device *dev, unsigned long size)
{
	struct resource *res;

	vram->mem = vzalloc(size);
	if (!vram->mem)
		return -ENOMEM;
	res = devm_request_free_mem_region(dev, &iomem_resource, size);
	if (IS_ERR(res))
		return PTR_ERR(res);
	vram->pgmap.type = MEMORY_DEVICE_PRIVATE;
	vram->pgmap.range.start = res->start;
	vram->pgmap.range.end = res->start + size - 1;
	vram->pgmap.ops = &hmmgpu_private_ops;
	return 0;
}

/*
 * hmmgpu_vram_pages_coherent - ZONE_DEVICE coherent pages over the
 * reserved range [@base, @base + @size). memremap_pages() warns (a kernel
 * splat) on a range that is System RAM, so that is refused here first.
 */
static int hmmgpu_vram_pages_coherent(struct hmmgpu_device *hdev,
				      struct device *dev, unsigned long size,
				      phys_addr_t base)
{
	struct hmmgpu_vram *vram = &hdev->vram;

	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		drm_err(&hdev->drm, "coherent VRAM %pa+%#lx overlaps System RAM: reserve it with memmap=\n",
			&base, size);
		return -EINVAL;
	}
	if (!devm_request_mem_region(dev, base, size, dev_name(dev))) {
		drm_err(&hdev->drm, "coherent VRAM %pa+%#lx is in use (another device or driver)\n",
			&base, size);
		return -EBUSY;
	}
	vram->coherent = true;
	vram->pgmap.type = MEMORY_DEVICE_COHERENT;
	vram->pgmap.range.start = base;
	vram->pgmap.range.end = base + size - 1;
	vram->pgmap.ops = &hmmgpu_coherent_ops;
	return 0;
}

/**
 * hmmgpu_vram_init - create the VRAM of a device
 * @hdev: the device
 * @dev: the device that owns the physical range
 * @size: bytes of VRAM, a multiple of the memory hotplug subsection size
 * @coherent_base: 0 for emulated private VRAM; otherwise the physical
 *	address of a reserved range of @size bytes, aligned like @size, that
 *	becomes coherent VRAM
 *
 * Return: 0 or a negative errno.
 */
int hmmgpu_vram_init(struct hmmgpu_device *hdev, struct device *dev,
		     unsigned long size, phys_addr_t coherent_base)
{
	struct hmmgpu_vram *vram = &hdev->vram;
	unsigned long i;
	void *addr;
	int ret;

	spin_lock_init(&vram->lock);
	INIT_LIST_HEAD(&vram->free);
	INIT_LIST_HEAD(&vram->used);
	if (!size)
		return 0;

	vram->nodes = kvcalloc(size >> PAGE_SHIFT, sizeof(*vram->nodes),
			       GFP_KERNEL);
	if (!vram->nodes)
		return -ENOMEM;
	if (coherent_base)
		ret = hmmgpu_vram_pages_coherent(hdev, dev, size, coherent_base);
	else
		ret = hmmgpu_vram_pages_private(vram, dev, size);
	if (ret)
		goto err_free;
	vram->pgmap.nr_range = 1;
	vram->pgmap.owner = hdev;
	addr = memremap_pages(&vram->pgmap, dev_to_node(dev));
	if (IS_ERR(addr)) {
		ret = PTR_ERR(addr);
		goto err_free;
	}
	vram->pfn_first = PHYS_PFN(vram->pgmap.range.start);
	vram->npages = size >> PAGE_SHIFT;
	for (i = 0; i < vram->npages; i++)
		list_add_tail(&vram->nodes[i], &vram->free);
	return 0;

err_free:
	kvfree(vram->nodes);
	vfree(vram->mem);
	vram->nodes = NULL;
	vram->mem = NULL;
	vram->coherent = false;
	return ret;
}

/**
 * hmmgpu_vram_fini - evict everything from VRAM and remove it
 * @hdev: the device, which no GPU VM uses any more
 */
void hmmgpu_vram_fini(struct hmmgpu_device *hdev)
{
	struct hmmgpu_vram *vram = &hdev->vram;

	if (!vram->npages)
		return;
	/* Busy pages (a CPU fault migrating one right now) free up shortly. */
	while (READ_ONCE(vram->nused)) {
		if (!hmmgpu_vram_evict(hdev, vram->nused))
			schedule_timeout_uninterruptible(1);
	}
	memunmap_pages(&vram->pgmap);
	kvfree(vram->nodes);
	vfree(vram->mem);
	vram->npages = 0;
}
