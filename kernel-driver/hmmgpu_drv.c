// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu: a DRM render driver for a virtual SVM GPU built on HMM.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>

#include "hmmgpu_compat.h"
#include "hmmgpu_drv.h"
#include <drm/hmmgpu_drm.h>

/**
 * DOC: devices
 *
 * The module registers ``num_devices`` platform devices named "hmmgpu" and a
 * platform driver that binds a DRM device to each. The driver has no modeset
 * support, so userspace uses the render nodes (/dev/dri/renderD*); the DRM
 * core also creates a primary node in 6.1, which offers nothing more. Every
 * open file gets its own GPU VM (see hmmgpu_vm.c).
 */

static unsigned int num_devices = 1;
module_param(num_devices, uint, 0444);
MODULE_PARM_DESC(num_devices, "Number of virtual GPUs (1-16, default 1)");

#define HMMGPU_MAX_DEVICES	16

static unsigned int vram_mb = 16;
module_param(vram_mb, uint, 0444);
MODULE_PARM_DESC(vram_mb, "Emulated VRAM per device in MiB, a multiple of 2 (0-1024, default 16; 0: no device memory)");

#define HMMGPU_MAX_VRAM_MB	1024
/* memremap_pages() works in memory hotplug subsections of 2 MiB. */
#define HMMGPU_VRAM_ALIGN_MB	2

static unsigned long coherent_base[HMMGPU_MAX_DEVICES];
static unsigned int num_coherent_base;
module_param_array(coherent_base, ulong, &num_coherent_base, 0444);
MODULE_PARM_DESC(coherent_base, "Per device: physical address of vram_mb MiB of reserved memory (memmap=) that becomes CPU-addressable coherent VRAM; 0: private VRAM (default)");

/* Snapshot bytes handled per kernel buffer fill. */
#define HMMGPU_SNAPSHOT_CHUNK	4096

/* Bytes the device copies per bounce buffer fill. */
#define HMMGPU_BOUNCE_SIZE	(64 * PAGE_SIZE)

static struct platform_device *hmmgpu_pdevs[HMMGPU_MAX_DEVICES];

/**
 * hmmgpu_device_get - the device with number @index
 * @index: 0 .. num_devices - 1
 *
 * Devices exist from module load to unload, so while a GPU VM exists every
 * device does.
 *
 * Return: the device, or NULL when there is none with that number.
 */
struct hmmgpu_device *hmmgpu_device_get(unsigned int index)
{
	if (index >= HMMGPU_MAX_DEVICES || !hmmgpu_pdevs[index])
		return NULL;
	return platform_get_drvdata(hmmgpu_pdevs[index]);
}

static int hmmgpu_open(struct drm_device *drm, struct drm_file *file)
{
	struct hmmgpu_file *hfile;

	if (!current->mm)
		return -EINVAL;
	hfile = kzalloc(sizeof(*hfile), GFP_KERNEL);
	if (!hfile)
		return -ENOMEM;
	hfile->vm = hmmgpu_vm_create(to_hmmgpu(drm), current->mm);
	if (IS_ERR(hfile->vm)) {
		int ret = PTR_ERR(hfile->vm);

		kfree(hfile);
		return ret;
	}
	hmmgpu_programs_init(hfile);
	INIT_LIST_HEAD(&hfile->jobs);
	init_waitqueue_head(&hfile->jobs_done);
	file->driver_priv = hfile;
	return 0;
}

/* Jobs first (they use the VM and the programs), then the rest. */
static void hmmgpu_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct hmmgpu_file *hfile = file->driver_priv;

	hmmgpu_jobs_cancel_file(hfile);
	hmmgpu_programs_fini(hfile);
	hmmgpu_vm_destroy(hfile->vm);
	kfree(hfile);
}

/**
 * hmmgpu_file_vm - the caller's GPU VM
 * @file: the open file
 *
 * Return: the VM, or NULL when the caller is not the process whose address
 * space it mirrors.
 */
struct hmmgpu_vm *hmmgpu_file_vm(struct drm_file *file)
{
	struct hmmgpu_file *hfile = file->driver_priv;

	return hfile->vm->notifier.mm == current->mm ? hfile->vm : NULL;
}

/**
 * hmmgpu_copy_log - return a rejection's reason to userspace
 * @drm: the device
 * @uptr: user buffer
 * @size: its size; at most HMMGPU_LOG_MAX bytes are written
 * @log: the NUL-terminated reason
 *
 * The reason is also in the kernel log, so a bad buffer only loses this
 * copy.
 *
 * Return: 0 or -EFAULT.
 */
int hmmgpu_copy_log(struct drm_device *drm, u64 uptr, u32 size,
		    const char *log)
{
	size_t n = min3((size_t)size, (size_t)HMMGPU_LOG_MAX, strlen(log) + 1);

	if (!n)
		return 0;
	if (copy_to_user(u64_to_user_ptr(uptr), log, n - 1) ||
	    put_user('\0', (char __user *)u64_to_user_ptr(uptr) + n - 1)) {
		drm_dbg_driver(drm, "log buffer %#llx not writable\n", uptr);
		return -EFAULT;
	}
	return 0;
}

/*
 * hmmgpu_check_range - the rules every range argument follows: page-aligned,
 * nonempty, no overflow (-EINVAL) and inside the user address space
 * (-EFAULT).
 */
static int hmmgpu_check_range(struct drm_device *drm, const char *what,
			      u64 addr, u64 size)
{
	if (!size || !PAGE_ALIGNED(addr) || !PAGE_ALIGNED(size)) {
		drm_dbg_driver(drm, "%s: addr %#llx size %#llx not page-aligned or empty\n",
			       what, addr, size);
		return -EINVAL;
	}
	if (addr + size < addr) {
		drm_dbg_driver(drm, "%s: addr %#llx + size %#llx overflows\n",
			       what, addr, size);
		return -EINVAL;
	}
	if (addr + size > TASK_SIZE) {
		drm_dbg_driver(drm, "%s: addr %#llx size %#llx beyond the user address space\n",
			       what, addr, size);
		return -EFAULT;
	}
	return 0;
}

static int hmmgpu_access(struct drm_device *drm, struct drm_hmmgpu_access *args,
			 struct drm_file *file, bool write)
{
	void __user *ptr = u64_to_user_ptr(args->ptr);
	struct hmmgpu_vm *vm;
	u64 done = 0;
	void *bounce;
	int ret = 0;

	if (args->extensions || args->flags || args->pad) {
		drm_dbg_driver(drm, "access: nonzero extensions, flags or pad\n");
		return -EINVAL;
	}
	ret = hmmgpu_check_range(drm, "access", args->addr, args->size);
	if (ret)
		return ret;
	vm = hmmgpu_file_vm(file);
	if (!vm) {
		drm_dbg_driver(drm, "access: caller is not the process of the GPU VM\n");
		return -EACCES;
	}

	bounce = kvmalloc(min_t(u64, args->size, HMMGPU_BOUNCE_SIZE), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	args->faults = 0;
	while (done < args->size) {
		u64 n = min_t(u64, args->size - done, HMMGPU_BOUNCE_SIZE);

		if (write && copy_from_user(bounce, ptr + done, n)) {
			ret = -EFAULT;
			break;
		}
		ret = hmmgpu_vm_copy(vm, args->addr + done, bounce,
				     n >> PAGE_SHIFT, write, &args->faults);
		if (ret) {
			drm_dbg_driver(drm, "access: device %s at %#llx failed: %d\n",
				       write ? "write" : "read",
				       args->addr + done, ret);
			break;
		}
		if (!write && copy_to_user(ptr + done, bounce, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
	}

	kvfree(bounce);
	return ret;
}

static int hmmgpu_ioctl_read(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	return hmmgpu_access(drm, data, file, false);
}

static int hmmgpu_ioctl_write(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	return hmmgpu_access(drm, data, file, true);
}

static int hmmgpu_ioctl_counters(struct drm_device *drm, void *data,
				 struct drm_file *file)
{
	struct drm_hmmgpu_counters *args = data;
	struct hmmgpu_device *hdev = to_hmmgpu(drm);
	struct hmmgpu_counters c;

	if (args->extensions || args->pad ||
	    (args->flags & ~HMMGPU_COUNTERS_FLAGS)) {
		drm_dbg_driver(drm, "counters: nonzero extensions or pad, or unknown flags %#x\n",
			       args->flags);
		return -EINVAL;
	}

	if (args->flags & HMMGPU_COUNTERS_DEVICE) {
#define HMMGPU_TOTAL(f) (c.f = atomic64_read(&hdev->totals.f))
		HMMGPU_TOTAL(faults);
		HMMGPU_TOTAL(pages_mirrored);
		HMMGPU_TOTAL(invalidations);
		HMMGPU_TOTAL(pages_invalidated);
		HMMGPU_TOTAL(bytes_read);
		HMMGPU_TOTAL(bytes_written);
		HMMGPU_TOTAL(migrated_to_vram);
		HMMGPU_TOTAL(migrated_to_ram);
		HMMGPU_TOTAL(evictions);
		HMMGPU_TOTAL(atomics);
		HMMGPU_TOTAL(jobs_submitted);
		HMMGPU_TOTAL(jobs_completed);
		HMMGPU_TOTAL(jobs_failed);
		HMMGPU_TOTAL(jobs_timed_out);
		HMMGPU_TOTAL(work_groups);
		HMMGPU_TOTAL(tlb_misses);
		HMMGPU_TOTAL(auto_migrations);
		HMMGPU_TOTAL(programs_verified);
		HMMGPU_TOTAL(programs_rejected);
		HMMGPU_TOTAL(program_cache_hits);
#undef HMMGPU_TOTAL
	} else {
		struct hmmgpu_file *hfile = file->driver_priv;

		hmmgpu_vm_counters(hfile->vm, &c);
	}

	args->faults = c.faults;
	args->pages_mirrored = c.pages_mirrored;
	args->invalidations = c.invalidations;
	args->pages_invalidated = c.pages_invalidated;
	args->bytes_read = c.bytes_read;
	args->bytes_written = c.bytes_written;
	args->migrated_to_vram = c.migrated_to_vram;
	args->migrated_to_ram = c.migrated_to_ram;
	args->evictions = c.evictions;
	args->atomics = c.atomics;
	args->jobs_submitted = c.jobs_submitted;
	args->jobs_completed = c.jobs_completed;
	args->jobs_failed = c.jobs_failed;
	args->jobs_timed_out = c.jobs_timed_out;
	args->work_groups = c.work_groups;
	args->tlb_misses = c.tlb_misses;
	args->auto_migrations = c.auto_migrations;
	args->programs_verified = c.programs_verified;
	args->programs_rejected = c.programs_rejected;
	args->program_cache_hits = c.program_cache_hits;
	args->vram_pages = hdev->vram.npages;
	args->vram_used = hmmgpu_vram_used(hdev);
	args->vram_flags = hdev->vram.coherent ? HMMGPU_VRAM_COHERENT : 0;
	memset(args->reserved, 0, sizeof(args->reserved));
	return 0;
}

static int hmmgpu_ioctl_migrate(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_hmmgpu_migrate *args = data;
	struct hmmgpu_vm *vm;
	long ret;

	args->migrated = 0;
	if (args->extensions || args->pad ||
	    (args->flags != HMMGPU_MIGRATE_TO_VRAM &&
	     args->flags != HMMGPU_MIGRATE_TO_RAM)) {
		drm_dbg_driver(drm, "migrate: nonzero extensions or pad, or flags %#x not one direction\n",
			       args->flags);
		return -EINVAL;
	}
	ret = hmmgpu_check_range(drm, "migrate", args->addr, args->size);
	if (ret)
		return ret;
	vm = hmmgpu_file_vm(file);
	if (!vm) {
		drm_dbg_driver(drm, "migrate: caller is not the process of the GPU VM\n");
		return -EACCES;
	}
	if (!to_hmmgpu(drm)->vram.npages) {
		drm_dbg_driver(drm, "migrate: no device memory (%s)\n",
			       IS_ENABLED(CONFIG_DEVICE_PRIVATE) ?
			       "vram_mb=0" : "kernel without CONFIG_DEVICE_PRIVATE");
		return -EOPNOTSUPP;
	}
	ret = hmmgpu_migrate(vm, args->addr, args->size >> PAGE_SHIFT,
			     args->flags == HMMGPU_MIGRATE_TO_VRAM);
	if (ret < 0) {
		drm_dbg_driver(drm, "migrate: %#llx+%#llx failed: %ld\n",
			       args->addr, args->size, ret);
		return ret;
	}
	args->migrated = ret;
	return 0;
}

static int hmmgpu_ioctl_exclusive(struct drm_device *drm, void *data,
				  struct drm_file *file)
{
	struct drm_hmmgpu_exclusive *args = data;
	struct hmmgpu_vm *vm;
	int ret;

	args->pages = 0;
	if (args->extensions || args->flags || args->pad) {
		drm_dbg_driver(drm, "exclusive: nonzero extensions, flags or pad\n");
		return -EINVAL;
	}
	ret = hmmgpu_check_range(drm, "exclusive", args->addr, args->size);
	if (ret)
		return ret;
	vm = hmmgpu_file_vm(file);
	if (!vm) {
		drm_dbg_driver(drm, "exclusive: caller is not the process of the GPU VM\n");
		return -EACCES;
	}
	ret = hmmgpu_vm_exclusive(vm, args->addr, args->size >> PAGE_SHIFT,
				  &args->pages);
	if (ret)
		drm_dbg_driver(drm, "exclusive: %#llx+%#llx failed: %d (%llu pages granted)\n",
			       args->addr, args->size, ret, args->pages);
	return ret;
}

static int hmmgpu_ioctl_atomic(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct drm_hmmgpu_atomic *args = data;
	struct hmmgpu_vm *vm;
	int ret;

	if (args->extensions || args->pad || args->op != HMMGPU_ATOMIC_ADD) {
		drm_dbg_driver(drm, "atomic: nonzero extensions or pad, or unknown op %u\n",
			       args->op);
		return -EINVAL;
	}
	if (!IS_ALIGNED(args->addr, sizeof(u64))) {
		drm_dbg_driver(drm, "atomic: addr %#llx not 8-byte aligned\n",
			       args->addr);
		return -EINVAL;
	}
	if (args->addr >= TASK_SIZE) {
		drm_dbg_driver(drm, "atomic: addr %#llx beyond the user address space\n",
			       args->addr);
		return -EFAULT;
	}
	vm = hmmgpu_file_vm(file);
	if (!vm) {
		drm_dbg_driver(drm, "atomic: caller is not the process of the GPU VM\n");
		return -EACCES;
	}
	ret = hmmgpu_vm_atomic_add(vm, args->addr, args->value, &args->old);
	if (ret)
		drm_dbg_driver(drm, "atomic: at %#llx failed: %d\n",
			       args->addr, ret);
	return ret;
}

static int hmmgpu_ioctl_snapshot(struct drm_device *drm, void *data,
				 struct drm_file *file)
{
	struct drm_hmmgpu_snapshot *args = data;
	u8 __user *ptr = u64_to_user_ptr(args->ptr);
	u64 npages = args->size >> PAGE_SHIFT;
	struct hmmgpu_vm *vm;
	u64 done = 0;
	u8 *buf;
	int ret;

	if (args->extensions || args->flags || args->pad) {
		drm_dbg_driver(drm, "snapshot: nonzero extensions, flags or pad\n");
		return -EINVAL;
	}
	ret = hmmgpu_check_range(drm, "snapshot", args->addr, args->size);
	if (ret)
		return ret;
	vm = hmmgpu_file_vm(file);
	if (!vm) {
		drm_dbg_driver(drm, "snapshot: caller is not the process of the GPU VM\n");
		return -EACCES;
	}
	if (!access_ok(ptr, npages)) {
		drm_dbg_driver(drm, "snapshot: bad output buffer\n");
		return -EFAULT;
	}

	buf = kmalloc(min_t(u64, npages, HMMGPU_SNAPSHOT_CHUNK), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < npages) {
		u64 n = min_t(u64, npages - done, HMMGPU_SNAPSHOT_CHUNK);

		ret = hmmgpu_vm_snapshot(vm, args->addr + done * PAGE_SIZE, n,
					 buf);
		if (ret) {
			drm_dbg_driver(drm, "snapshot: failed: %d\n", ret);
			break;
		}
		if (copy_to_user(ptr + done, buf, n)) {
			drm_dbg_driver(drm, "snapshot: bad output buffer\n");
			ret = -EFAULT;
			break;
		}
		done += n;
	}
	kfree(buf);
	return ret;
}

static const struct drm_ioctl_desc hmmgpu_ioctls[] = {
	DRM_IOCTL_DEF_DRV(HMMGPU_READ, hmmgpu_ioctl_read, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_WRITE, hmmgpu_ioctl_write, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_COUNTERS, hmmgpu_ioctl_counters, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_MIGRATE, hmmgpu_ioctl_migrate, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_EXCLUSIVE, hmmgpu_ioctl_exclusive, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_ATOMIC, hmmgpu_ioctl_atomic, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_SNAPSHOT, hmmgpu_ioctl_snapshot, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_PROGRAM_CREATE, hmmgpu_ioctl_program_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_PROGRAM_DESTROY, hmmgpu_ioctl_program_destroy,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_SUBMIT, hmmgpu_ioctl_submit, DRM_RENDER_ALLOW),
};

static const struct file_operations hmmgpu_fops = {
	.owner = THIS_MODULE,
	.open = drm_open,
	.release = drm_release,
	.unlocked_ioctl = drm_ioctl,
	.compat_ioctl = drm_compat_ioctl,
	.poll = drm_poll,
	.read = drm_read,
	.llseek = noop_llseek,
	HMMGPU_FOP_FLAGS
};

static const struct drm_driver hmmgpu_drm_driver = {
	.driver_features = DRIVER_RENDER | DRIVER_SYNCOBJ,
	.open = hmmgpu_open,
	.postclose = hmmgpu_postclose,
	.ioctls = hmmgpu_ioctls,
	.num_ioctls = ARRAY_SIZE(hmmgpu_ioctls),
	.fops = &hmmgpu_fops,
	.name = HMMGPU_NAME,
	.desc = "HMM-based virtual SVM GPU",
	HMMGPU_DRM_DRIVER_DATE
	.major = 0,
	.minor = 1,
};

static int hmmgpu_probe(struct platform_device *pdev)
{
	struct hmmgpu_device *hdev;
	int ret;

	hdev = devm_drm_dev_alloc(&pdev->dev, &hmmgpu_drm_driver,
				  struct hmmgpu_device, drm);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	hdev->index = pdev->id;
	platform_set_drvdata(pdev, hdev);

	ret = hmmgpu_vram_init(hdev, &pdev->dev, (unsigned long)vram_mb << 20,
			       coherent_base[hdev->index]);
	if (ret)
		return ret;
	ret = hmmgpu_sched_init(hdev);
	if (ret)
		goto err_vram;
	ret = drm_dev_register(&hdev->drm, 0);
	if (ret)
		goto err_sched;
	if (hdev->vram.coherent)
		drm_info(&hdev->drm, "virtual GPU %u ready, %u MiB coherent VRAM at %pa\n",
			 hdev->index, vram_mb, &hdev->vram.pgmap.range.start);
	else if (hdev->vram.npages)
		drm_info(&hdev->drm, "virtual GPU %u ready, %u MiB VRAM\n",
			 hdev->index, vram_mb);
	else
		drm_info(&hdev->drm, "virtual GPU %u ready, no device memory (%s): migration unsupported\n",
			 hdev->index,
			 IS_ENABLED(CONFIG_DEVICE_PRIVATE) ? "vram_mb=0" :
			 "kernel without CONFIG_DEVICE_PRIVATE");
	return 0;

err_sched:
	hmmgpu_sched_fini(hdev);
err_vram:
	hmmgpu_vram_fini(hdev);
	return ret;
}

static void hmmgpu_remove(struct platform_device *pdev)
{
	struct hmmgpu_device *hdev = platform_get_drvdata(pdev);

	drm_dev_unplug(&hdev->drm);
	hmmgpu_sched_fini(hdev);
	hmmgpu_vram_fini(hdev);
}

static struct platform_driver hmmgpu_platform_driver = {
	.probe = hmmgpu_probe,
	HMMGPU_PLATFORM_REMOVE(hmmgpu_remove),
	.driver = {
		.name = HMMGPU_NAME,
	},
};

static void hmmgpu_unregister_devices(void)
{
	int i;

	for (i = HMMGPU_MAX_DEVICES - 1; i >= 0; i--) {
		platform_device_unregister(hmmgpu_pdevs[i]);
		hmmgpu_pdevs[i] = NULL;
	}
}

/*
 * hmmgpu_check_coherent - the coherent_base values: one per device at
 * most, each aligned to 2 MiB, only with device memory. Overlaps and
 * ranges that are not reserved memory are found when the device probes.
 */
static int __init hmmgpu_check_coherent(void)
{
	unsigned int i;

	for (i = 0; i < num_coherent_base; i++) {
		if (!coherent_base[i])
			continue;
		if (i >= num_devices) {
			pr_err(HMMGPU_NAME ": coherent_base given for device %u of %u\n",
			       i, num_devices);
			return -EINVAL;
		}
		if (!IS_ENABLED(CONFIG_DEVICE_PRIVATE) || !vram_mb) {
			pr_err(HMMGPU_NAME ": coherent_base needs device memory (%s)\n",
			       vram_mb ? "kernel without CONFIG_DEVICE_PRIVATE" :
			       "vram_mb=0");
			return -EINVAL;
		}
		if (!IS_ALIGNED(coherent_base[i], HMMGPU_VRAM_ALIGN_MB << 20)) {
			pr_err(HMMGPU_NAME ": coherent_base %#lx of device %u not aligned to %d MiB\n",
			       coherent_base[i], i, HMMGPU_VRAM_ALIGN_MB);
			return -EINVAL;
		}
	}
	return 0;
}

static int __init hmmgpu_init(void)
{
	unsigned int i;
	int ret;

	if (num_devices < 1 || num_devices > HMMGPU_MAX_DEVICES) {
		pr_err(HMMGPU_NAME ": num_devices=%u out of range 1-%d\n",
		       num_devices, HMMGPU_MAX_DEVICES);
		return -EINVAL;
	}
	if (vram_mb > HMMGPU_MAX_VRAM_MB || vram_mb % HMMGPU_VRAM_ALIGN_MB) {
		pr_err(HMMGPU_NAME ": vram_mb=%u not a multiple of %d in 0-%d\n",
		       vram_mb, HMMGPU_VRAM_ALIGN_MB, HMMGPU_MAX_VRAM_MB);
		return -EINVAL;
	}
	ret = hmmgpu_check_coherent();
	if (ret)
		return ret;

	ret = platform_driver_register(&hmmgpu_platform_driver);
	if (ret)
		return ret;

	for (i = 0; i < num_devices; i++) {
		struct platform_device *pdev;

		pdev = platform_device_register_simple(HMMGPU_NAME, i, NULL, 0);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			goto err_devices;
		}
		hmmgpu_pdevs[i] = pdev;
	}
	return 0;

err_devices:
	hmmgpu_unregister_devices();
	platform_driver_unregister(&hmmgpu_platform_driver);
	return ret;
}

static void __exit hmmgpu_exit(void)
{
	hmmgpu_unregister_devices();
	platform_driver_unregister(&hmmgpu_platform_driver);
}

module_init(hmmgpu_init);
module_exit(hmmgpu_exit);

MODULE_DESCRIPTION("HMM-based virtual SVM GPU");
MODULE_LICENSE("Dual MIT/GPL");
