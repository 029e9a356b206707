// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu programs: device-ISA images verified once, cached per open file.
 */

#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xxhash.h>

#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "hmmgpu_drv.h"
#include "engine/engine.h"
#include <drm/hmmgpu_drm.h>

/**
 * DOC: programs
 *
 * A program is a device-ISA image (docs/isa.md) that the engine's parser
 * and verifier (engine/image.c, engine/verify.c: the same code libhmmcl.so
 * runs) have accepted. Nothing reaches a compute unit unverified: a job
 * names a program by handle, and a handle exists only for verified images.
 *
 * Each open file keeps its programs in an xarray of handles. Loading an
 * image identical to one the file already has (same size and xxh64, then
 * compared byte for byte) returns that program's handle with one more user
 * reference instead of verifying it again: userspace creates a program
 * once per build, but the cache also makes a careless reload cheap.
 *
 * Lifetime: the file's handle holds one &kref while user references
 * (PROGRAM_CREATE calls not matched by PROGRAM_DESTROY) remain, and every
 * job that uses the program holds one; the image is freed when the last
 * goes, so destroying a program with jobs in flight is safe.
 */

struct hmmgpu_program {
	/** @ref: one for the file's handle, one per job */
	struct kref ref;
	/** @user_refs: PROGRAM_CREATE calls not yet destroyed; file lock */
	unsigned int user_refs;
	/** @hash: xxh64 of the image */
	u64 hash;
	/** @image: the image, owned; @prog points into it */
	void *image;
	/** @size: bytes of @image */
	size_t size;
	/** @prog: the parsed and verified view of @image */
	struct hmm_program prog;
};

static void hmmgpu_program_release(struct kref *ref)
{
	struct hmmgpu_program *program =
		container_of(ref, struct hmmgpu_program, ref);

	kvfree(program->image);
	kfree(program);
}

void hmmgpu_program_put(struct hmmgpu_program *program)
{
	kref_put(&program->ref, hmmgpu_program_release);
}

const struct hmm_program *hmmgpu_program_parsed(struct hmmgpu_program *program)
{
	return &program->prog;
}

void hmmgpu_programs_init(struct hmmgpu_file *hfile)
{
	mutex_init(&hfile->lock);
	xa_init_flags(&hfile->programs, XA_FLAGS_ALLOC1);
}

/* hmmgpu_programs_fini - drop the file's references (jobs have finished). */
void hmmgpu_programs_fini(struct hmmgpu_file *hfile)
{
	struct hmmgpu_program *program;
	unsigned long handle;

	xa_for_each(&hfile->programs, handle, program)
		hmmgpu_program_put(program);
	xa_destroy(&hfile->programs);
	mutex_destroy(&hfile->lock);
}

/**
 * hmmgpu_program_lookup - a program of the file, with a reference for a job
 * @hfile: the file
 * @handle: from PROGRAM_CREATE
 *
 * Return: the program (put it with hmmgpu_program_put()) or NULL.
 */
struct hmmgpu_program *hmmgpu_program_lookup(struct hmmgpu_file *hfile,
					     u32 handle)
{
	struct hmmgpu_program *program;

	mutex_lock(&hfile->lock);
	program = xa_load(&hfile->programs, handle);
	if (program)
		kref_get(&program->ref);
	mutex_unlock(&hfile->lock);
	return program;
}

/* A program of the file with exactly this image; file lock held. */
static struct hmmgpu_program *hmmgpu_program_find(struct hmmgpu_file *hfile,
						  const void *image,
						  size_t size, u64 hash,
						  u32 *handle)
{
	struct hmmgpu_program *program;
	unsigned long index;

	lockdep_assert_held(&hfile->lock);
	xa_for_each(&hfile->programs, index, program) {
		if (program->size == size && program->hash == hash &&
		    !memcmp(program->image, image, size)) {
			*handle = index;
			return program;
		}
	}
	return NULL;
}

/*
 * hmmgpu_program_reuse - answer PROGRAM_CREATE from the file's cache: when
 * the file has @program's image already, take a user reference on that
 * program instead, fill in @args and drop @program. Returns true if so.
 */
static bool hmmgpu_program_reuse(struct hmmgpu_file *hfile,
				 struct hmmgpu_program *program,
				 struct drm_hmmgpu_program_create *args)
{
	struct hmmgpu_program *cached;
	u32 handle;

	mutex_lock(&hfile->lock);
	cached = hmmgpu_program_find(hfile, program->image, program->size,
				     program->hash, &handle);
	if (cached)
		cached->user_refs++;
	mutex_unlock(&hfile->lock);
	if (!cached)
		return false;
	hmmgpu_program_put(program);
	mutex_lock(&hfile->vm->lock);
	hmmgpu_count(hfile->vm, program_cache_hits, 1);
	mutex_unlock(&hfile->vm->lock);
	args->handle = handle;
	args->flags = HMMGPU_PROGRAM_CACHED;
	return true;
}

/*
 * hmmgpu_program_verify - parse and verify @program's image; on rejection
 * the reason is in @log.
 */
static int hmmgpu_program_verify(struct hmmgpu_program *program,
				 struct hmm_log *log)
{
	int ret;

	ret = hmm_image_parse(program->image, program->size, &program->prog,
			      log);
	if (!ret)
		ret = hmm_verify(&program->prog, log);
	return ret ? -EINVAL : 0;
}

int hmmgpu_ioctl_program_create(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_hmmgpu_program_create *args = data;
	struct hmmgpu_file *hfile = file->driver_priv;
	struct hmmgpu_program *program;
	struct hmm_log log = {};
	u32 handle;
	int ret;

	if (args->extensions || args->flags || args->pad) {
		drm_dbg_driver(drm, "program: nonzero extensions, flags or pad\n");
		return -EINVAL;
	}
	if (!args->size || args->size > HMMGPU_PROGRAM_MAX_SIZE) {
		drm_dbg_driver(drm, "program: size %llu not in 1-%u\n",
			       args->size, HMMGPU_PROGRAM_MAX_SIZE);
		return -EINVAL;
	}

	program = kzalloc(sizeof(*program), GFP_KERNEL);
	if (!program)
		return -ENOMEM;
	kref_init(&program->ref);
	program->user_refs = 1;
	program->size = args->size;
	program->image = kvmalloc(program->size, GFP_KERNEL);
	if (!program->image) {
		ret = -ENOMEM;
		goto err_free;
	}
	if (copy_from_user(program->image, u64_to_user_ptr(args->image),
			   program->size)) {
		drm_dbg_driver(drm, "program: bad image pointer\n");
		ret = -EFAULT;
		goto err_free;
	}
	program->hash = xxh64(program->image, program->size, 0);

	if (hmmgpu_program_reuse(hfile, program, args))
		return 0;

	log.size = min_t(u32, args->log_size, HMMGPU_LOG_MAX);
	if (!log.size)
		log.size = 256;
	log.buf = kzalloc(log.size, GFP_KERNEL);
	if (!log.buf) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = hmmgpu_program_verify(program, &log);
	mutex_lock(&hfile->vm->lock);
	if (ret)
		hmmgpu_count(hfile->vm, programs_rejected, 1);
	else
		hmmgpu_count(hfile->vm, programs_verified, 1);
	mutex_unlock(&hfile->vm->lock);
	if (ret) {
		drm_dbg_driver(drm, "program: rejected: %s", log.buf);
		/* An unwritable log buffer is the caller's first problem. */
		if (args->log && hmmgpu_copy_log(drm, args->log,
						 args->log_size, log.buf))
			ret = -EFAULT;
		goto err_free;
	}
	kfree(log.buf);
	log.buf = NULL;

	/* A racing create of the same image may have won: share its handle. */
	if (hmmgpu_program_reuse(hfile, program, args))
		return 0;
	mutex_lock(&hfile->lock);
	ret = xa_alloc(&hfile->programs, &handle, program, xa_limit_32b,
		       GFP_KERNEL);
	mutex_unlock(&hfile->lock);
	if (ret)
		goto err_free;
	args->handle = handle;
	return 0;

err_free:
	kfree(log.buf);
	hmmgpu_program_put(program);
	return ret;
}

int hmmgpu_ioctl_program_destroy(struct drm_device *drm, void *data,
				 struct drm_file *file)
{
	struct drm_hmmgpu_program_destroy *args = data;
	struct hmmgpu_file *hfile = file->driver_priv;
	struct hmmgpu_program *program;

	if (args->pad) {
		drm_dbg_driver(drm, "program destroy: nonzero pad\n");
		return -EINVAL;
	}
	mutex_lock(&hfile->lock);
	program = xa_load(&hfile->programs, args->handle);
	if (!program) {
		mutex_unlock(&hfile->lock);
		drm_dbg_driver(drm, "program destroy: no program %u\n",
			       args->handle);
		return -ENOENT;
	}
	if (--program->user_refs) {
		mutex_unlock(&hfile->lock);
		return 0;
	}
	xa_erase(&hfile->programs, args->handle);
	mutex_unlock(&hfile->lock);
	hmmgpu_program_put(program);
	return 0;
}
