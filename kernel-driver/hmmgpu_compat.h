/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * hmmgpu: the one place for differences between kernel versions. The driver
 * is written against 6.1; each shim names the release that changed the
 * interface. 6.1 and 6.12 are built (Debian's headers, in CI) and tested (a
 * test kernel from Debian's linux-source of each, docs/vm.md); the 6.14
 * shims follow that kernel's headers but have not been compiled against
 * them. checkpatch warns about LINUX_VERSION_CODE here (and only here): out
 * of tree there is no other way.
 */
#ifndef _HMMGPU_COMPAT_H_
#define _HMMGPU_COMPAT_H_

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/version.h>

/* 6.11: platform_driver.remove returns void; 6.1-6.10 call that .remove_new. */
#if KERNEL_VERSION(6, 11, 0) > LINUX_VERSION_CODE
#define HMMGPU_PLATFORM_REMOVE(fn)	.remove_new = (fn)
#else
#define HMMGPU_PLATFORM_REMOVE(fn)	.remove = (fn)
#endif

/*
 * 6.12: drm_open() refuses (WARN and -EINVAL) a file_operations without
 * FOP_UNSIGNED_OFFSET; before, DRM set FMODE_UNSIGNED_OFFSET on each file
 * itself and there was no such flag.
 */
#ifdef FOP_UNSIGNED_OFFSET
#define HMMGPU_FOP_FLAGS		.fop_flags = FOP_UNSIGNED_OFFSET,
#else
#define HMMGPU_FOP_FLAGS
#endif

/* 6.14: struct drm_driver lost its date field. */
#if KERNEL_VERSION(6, 14, 0) > LINUX_VERSION_CODE
#define HMMGPU_DRM_DRIVER_DATE		.date = "20250101",
#else
#define HMMGPU_DRM_DRIVER_DATE
#endif

#if IS_ENABLED(CONFIG_DEVICE_PRIVATE)
/*
 * hmmgpu_make_exclusive - make_device_exclusive_range() of 6.1: on return
 * pages[i] is the page at @start + i * PAGE_SIZE, locked and referenced,
 * now mapped by a device-exclusive entry, or NULL where that failed.
 * Returns the number of pages GUP found (fewer than asked: a hole) or a
 * negative errno. 6.14 replaced the range call by make_device_exclusive(),
 * one page at a time, returning the page and its locked, referenced folio.
 */
static inline long hmmgpu_make_exclusive(struct mm_struct *mm,
					 unsigned long start, unsigned long end,
					 struct page **pages, void *owner)
{
#if KERNEL_VERSION(6, 14, 0) > LINUX_VERSION_CODE
	return make_device_exclusive_range(mm, start, end, pages, owner);
#else
	unsigned long addr;
	long n = 0;

	for (addr = start; addr < end; addr += PAGE_SIZE, n++) {
		struct folio *folio;
		struct page *page;

		page = make_device_exclusive(mm, addr, owner, &folio);
		if (IS_ERR(page)) {
			if (PTR_ERR(page) == -EFAULT)
				return n ? n : -EFAULT;
			page = NULL;
		}
		pages[n] = page;
	}
	return n;
#endif
}
#endif

#endif /* _HMMGPU_COMPAT_H_ */
