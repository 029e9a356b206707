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

/* Bytes the device copies per bounce buffer fill. */
#define HMMGPU_BOUNCE_SIZE	(64 * PAGE_SIZE)

static struct platform_device *hmmgpu_pdevs[HMMGPU_MAX_DEVICES];

static int hmmgpu_open(struct drm_device *drm, struct drm_file *file)
{
	struct hmmgpu_vm *vm;

	if (!current->mm)
		return -EINVAL;
	vm = hmmgpu_vm_create(to_hmmgpu(drm), current->mm);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	file->driver_priv = vm;
	return 0;
}

static void hmmgpu_postclose(struct drm_device *drm, struct drm_file *file)
{
	hmmgpu_vm_destroy(file->driver_priv);
}

/*
 * hmmgpu_file_vm - the caller's GPU VM, or NULL when the caller is not the
 * process whose address space it mirrors.
 */
static struct hmmgpu_vm *hmmgpu_file_vm(struct drm_file *file)
{
	struct hmmgpu_vm *vm = file->driver_priv;

	return vm->notifier.mm == current->mm ? vm : NULL;
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
	if (!args->size || !PAGE_ALIGNED(args->addr) ||
	    !PAGE_ALIGNED(args->size)) {
		drm_dbg_driver(drm, "access: addr %#llx size %#llx not page-aligned or empty\n",
			       args->addr, args->size);
		return -EINVAL;
	}
	if (args->addr + args->size < args->addr) {
		drm_dbg_driver(drm, "access: addr %#llx + size %#llx overflows\n",
			       args->addr, args->size);
		return -EINVAL;
	}
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
		c.faults = atomic64_read(&hdev->totals.faults);
		c.pages_mirrored = atomic64_read(&hdev->totals.pages_mirrored);
		c.invalidations = atomic64_read(&hdev->totals.invalidations);
		c.pages_invalidated = atomic64_read(&hdev->totals.pages_invalidated);
		c.bytes_read = atomic64_read(&hdev->totals.bytes_read);
		c.bytes_written = atomic64_read(&hdev->totals.bytes_written);
	} else {
		hmmgpu_vm_counters(file->driver_priv, &c);
	}

	args->faults = c.faults;
	args->pages_mirrored = c.pages_mirrored;
	args->invalidations = c.invalidations;
	args->pages_invalidated = c.pages_invalidated;
	args->bytes_read = c.bytes_read;
	args->bytes_written = c.bytes_written;
	memset(args->reserved, 0, sizeof(args->reserved));
	return 0;
}

static const struct drm_ioctl_desc hmmgpu_ioctls[] = {
	DRM_IOCTL_DEF_DRV(HMMGPU_READ, hmmgpu_ioctl_read, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_WRITE, hmmgpu_ioctl_write, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(HMMGPU_COUNTERS, hmmgpu_ioctl_counters, DRM_RENDER_ALLOW),
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
};

static const struct drm_driver hmmgpu_drm_driver = {
	.driver_features = DRIVER_RENDER,
	.open = hmmgpu_open,
	.postclose = hmmgpu_postclose,
	.ioctls = hmmgpu_ioctls,
	.num_ioctls = ARRAY_SIZE(hmmgpu_ioctls),
	.fops = &hmmgpu_fops,
	.name = HMMGPU_NAME,
	.desc = "HMM-based virtual SVM GPU",
	.date = "20250101",
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

	ret = drm_dev_register(&hdev->drm, 0);
	if (ret)
		return ret;
	drm_info(&hdev->drm, "virtual GPU %u ready\n", hdev->index);
	return 0;
}

static int hmmgpu_remove(struct platform_device *pdev)
{
	struct hmmgpu_device *hdev = platform_get_drvdata(pdev);

	drm_dev_unplug(&hdev->drm);
	return 0;
}

static struct platform_driver hmmgpu_platform_driver = {
	.probe = hmmgpu_probe,
	.remove = hmmgpu_remove,
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

static int __init hmmgpu_init(void)
{
	unsigned int i;
	int ret;

	if (num_devices < 1 || num_devices > HMMGPU_MAX_DEVICES) {
		pr_err(HMMGPU_NAME ": num_devices=%u out of range 1-%d\n",
		       num_devices, HMMGPU_MAX_DEVICES);
		return -EINVAL;
	}

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
