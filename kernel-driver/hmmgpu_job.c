// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu jobs: submission, dependencies, dispatch to the compute units,
 * completion fences and cancellation.
 */

#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>

#include "hmmgpu_job.h"

/**
 * DOC: jobs
 *
 * DRM_IOCTL_HMMGPU_SUBMIT turns a request into a &struct hmmgpu_job: an
 * NDRange launch of a verified program, or a copy or fill. The job's
 * completion is a &dma_fence, which userspace receives in a DRM syncobj.
 * A job is split into independent pieces, work-groups for an NDRange and
 * 64 KiB chunks for a copy or fill, which the device's compute units
 * (hmmgpu_cu.c) take one at a time from the oldest runnable job: a big
 * launch keeps every compute unit busy, and jobs that do not depend on each
 * other may overlap (ordering between jobs is what in-fences are for; the
 * OpenCL runtime waits for a command's dependencies itself).
 *
 * A job becomes runnable when its in-fences have signalled; it fails with
 * -ECANCELED without running when one of them signalled an error. The
 * first error of a piece (a trap, an unresolvable fault, the timeout) stops
 * the job: no further pieces are handed out, running ones stop at their
 * next slice, and when the last compute unit has left the job it finishes:
 * the status record is written, the fence gets the error and signals.
 */

/**
 * DOC: job locking
 *
 * hmmgpu_sched.lock (irqsave: fence callbacks take it in any context)
 * protects the list of runnable jobs, every job's dispatch state
 * (@next_group, @active, @queued, @started, @finished), its outcome and the
 * files' job lists. It is a leaf: nothing else is taken under it, and
 * dma_fence_remove_callback() (which takes the fence's lock, the lock
 * callbacks run under) is called without it.
 *
 * Lifetime: the scheduler's fence reference keeps a job alive from
 * submission until it has finished; a file's close cancels its jobs and
 * waits until every one has finished before the GPU VM goes away, so a
 * running job's VM and file are always valid.
 */

static unsigned int job_timeout_ms = 10000;
module_param(job_timeout_ms, uint, 0644);
MODULE_PARM_DESC(job_timeout_ms, "Run-time limit of a job without its own, in ms (default 10000)");

static unsigned int compute_units;
module_param(compute_units, uint, 0444);
MODULE_PARM_DESC(compute_units, "Compute units (kernel threads) per device (default: online CPUs, at most 64)");

#define HMMGPU_MAX_CUS		64
#define HMMGPU_MAX_IN_SYNCOBJS	64
/* Upper bound of a job's own timeout_ms: ten minutes. */
#define HMMGPU_MAX_TIMEOUT_MS	600000u
/* Upper bound of one work-group's engine state (registers, stacks, arenas). */
#define HMMGPU_MAX_WAVE_BYTES	(64u << 20)

static const char *hmmgpu_fence_driver_name(struct dma_fence *fence)
{
	return HMMGPU_NAME;
}

static const char *hmmgpu_fence_timeline_name(struct dma_fence *fence)
{
	return "compute";
}

static void hmmgpu_job_free(struct dma_fence *fence)
{
	struct hmmgpu_job *job = container_of(fence, struct hmmgpu_job, fence);
	unsigned int i;

	for (i = 0; i < job->num_deps; i++)
		dma_fence_put(job->deps[i].fence);
	if (job->program)
		hmmgpu_program_put(job->program);
	kfree(job->args);
	kfree(job->deps);
	/* The fence is the start of the allocation: this frees the job. */
	dma_fence_free(fence);
}

static const struct dma_fence_ops hmmgpu_fence_ops = {
	.get_driver_name = hmmgpu_fence_driver_name,
	.get_timeline_name = hmmgpu_fence_timeline_name,
	.release = hmmgpu_job_free,
};

/* hmmgpu_job_queue - the job's dependencies are met: let it run. */
static void hmmgpu_job_queue(struct hmmgpu_job *job)
{
	struct hmmgpu_sched *sched = &job->hdev->sched;
	unsigned long flags;

	spin_lock_irqsave(&sched->lock, flags);
	job->queued = true;
	list_add_tail(&job->run_node, &sched->runnable);
	spin_unlock_irqrestore(&sched->lock, flags);
	wake_up(&sched->wq);
}

static __printf(5, 0) void __hmmgpu_job_set_error(struct hmmgpu_job *job,
						   int error, u32 insn,
						   u64 fault_addr,
						   const char *fmt, va_list ap)
{
	lockdep_assert_held(&job->hdev->sched.lock);
	if (job->error)
		return;
	job->error = error;
	job->insn = insn;
	job->fault_addr = fault_addr;
	vsnprintf(job->message, sizeof(job->message), fmt, ap);
}

/**
 * hmmgpu_job_fail - record the job's error (the first one wins) and stop it
 * @job: the job
 * @error: negative errno for the fence
 * @insn: the instruction concerned, or 0
 * @fault_addr: the address concerned, or 0
 * @fmt: the message of the status record
 */
void hmmgpu_job_fail(struct hmmgpu_job *job, int error, u32 insn,
		     u64 fault_addr, const char *fmt, ...)
{
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&job->hdev->sched.lock, flags);
	va_start(ap, fmt);
	__hmmgpu_job_set_error(job, error, insn, fault_addr, fmt, ap);
	va_end(ap);
	spin_unlock_irqrestore(&job->hdev->sched.lock, flags);
}

/* hmmgpu_job_stopped - the job has failed: its pieces should stop. */
bool hmmgpu_job_stopped(struct hmmgpu_job *job)
{
	return READ_ONCE(job->error) != 0;
}

static void hmmgpu_job_dep_signalled(struct dma_fence *fence,
				     struct dma_fence_cb *cb)
{
	struct hmmgpu_job_dep *dep = container_of(cb, struct hmmgpu_job_dep, cb);
	struct hmmgpu_job *job = dep->job;

	WRITE_ONCE(dep->settled, true);
	if (fence->error)
		hmmgpu_job_fail(job, -ECANCELED, 0, 0,
				"a dependency failed (%d)", fence->error);
	if (atomic_dec_and_test(&job->deps_pending))
		hmmgpu_job_queue(job);
}

/*
 * hmmgpu_job_finish - write the status record, signal the fence, leave the
 * file. Runs once per job, on a compute unit, with no lock held.
 */
static void hmmgpu_job_finish(struct hmmgpu_job *job)
{
	struct hmmgpu_sched *sched = &job->hdev->sched;
	struct hmmgpu_file *hfile = job->hfile;
	struct hmmgpu_vm *vm = job->vm;
	unsigned long flags;

	if (job->status_addr) {
		struct drm_hmmgpu_job_status status = {
			.error = job->error,
			.insn = job->insn,
			.fault_addr = job->fault_addr,
		};

		strscpy(status.message, job->message, sizeof(status.message));
		/* Best effort: the record's memory may be gone with the job's cause. */
		hmmgpu_vm_write_bytes(vm, job->status_addr, &status,
				      sizeof(status));
	}

	mutex_lock(&vm->lock);
	if (!job->error)
		hmmgpu_count(vm, jobs_completed, 1);
	else
		hmmgpu_count(vm, jobs_failed, 1);
	if (job->error == -ETIMEDOUT)
		hmmgpu_count(vm, jobs_timed_out, 1);
	mutex_unlock(&vm->lock);

	if (job->error)
		dma_fence_set_error(&job->fence, job->error);
	dma_fence_signal(&job->fence);

	spin_lock_irqsave(&sched->lock, flags);
	list_del(&job->file_node);
	spin_unlock_irqrestore(&sched->lock, flags);
	wake_up(&hfile->jobs_done);
	dma_fence_put(&job->fence);
}

/* Under sched.lock: stop handing out pieces of @job. */
static void hmmgpu_job_dequeue(struct hmmgpu_job *job)
{
	lockdep_assert_held(&job->hdev->sched.lock);
	if (job->queued) {
		list_del(&job->run_node);
		job->queued = false;
	}
}

/* Under sched.lock: no piece runs or will run; true once per job. */
static bool hmmgpu_job_done_locked(struct hmmgpu_job *job)
{
	if (job->queued || job->active || job->finished)
		return false;
	job->finished = true;
	return true;
}

/**
 * hmmgpu_sched_claim - the next piece for a compute unit
 * @hdev: the device
 * @group: set to the piece's index
 *
 * Finishes the failed and cancelled jobs it meets on the way.
 *
 * Return: the job (the caller runs @group and then calls
 * hmmgpu_sched_group_done()), or NULL when nothing is runnable.
 */
struct hmmgpu_job *hmmgpu_sched_claim(struct hmmgpu_device *hdev, u64 *group)
{
	struct hmmgpu_sched *sched = &hdev->sched;
	struct hmmgpu_job *job;
	unsigned long flags;
	bool finish;

	for (;;) {
		spin_lock_irqsave(&sched->lock, flags);
		job = list_first_entry_or_null(&sched->runnable,
					       struct hmmgpu_job, run_node);
		if (!job) {
			spin_unlock_irqrestore(&sched->lock, flags);
			return NULL;
		}
		if (!job->error) {
			*group = job->next_group++;
			if (job->next_group == job->ngroups)
				hmmgpu_job_dequeue(job);
			job->active++;
			if (!job->started) {
				job->started = true;
				job->deadline = jiffies + job->timeout;
			}
			spin_unlock_irqrestore(&sched->lock, flags);
			return job;
		}
		hmmgpu_job_dequeue(job);
		finish = hmmgpu_job_done_locked(job);
		spin_unlock_irqrestore(&sched->lock, flags);
		if (finish)
			hmmgpu_job_finish(job);
	}
}

/**
 * hmmgpu_sched_group_done - a compute unit has left a piece of @job
 * @job: the job
 * @completed: the piece ran to its end (counted as a work-group)
 */
void hmmgpu_sched_group_done(struct hmmgpu_job *job, bool completed)
{
	struct hmmgpu_sched *sched = &job->hdev->sched;
	unsigned long flags;
	bool finish;

	if (completed) {
		mutex_lock(&job->vm->lock);
		hmmgpu_count(job->vm, work_groups, 1);
		mutex_unlock(&job->vm->lock);
	}
	spin_lock_irqsave(&sched->lock, flags);
	job->active--;
	if (job->error)
		hmmgpu_job_dequeue(job);
	finish = hmmgpu_job_done_locked(job);
	spin_unlock_irqrestore(&sched->lock, flags);
	if (finish)
		hmmgpu_job_finish(job);
}

/**
 * hmmgpu_jobs_cancel_file - the file is closing: fail its unfinished jobs
 * with -ECANCELED and wait until each has finished
 * @hfile: the file
 *
 * Jobs still waiting for in-fences (which may never signal: they can come
 * from another device) have their callbacks removed and are queued, so
 * that a compute unit finishes them.
 */
void hmmgpu_jobs_cancel_file(struct hmmgpu_file *hfile)
{
	struct hmmgpu_sched *sched = &hfile->vm->hdev->sched;
	struct hmmgpu_job *job;
	unsigned long flags;
	unsigned int i;
	bool idle;

	for (;;) {
		struct hmmgpu_job *found = NULL;

		spin_lock_irqsave(&sched->lock, flags);
		list_for_each_entry(job, &hfile->jobs, file_node) {
			if (job->cancel_seen)
				continue;
			job->cancel_seen = true;
			if (!job->error) {
				job->error = -ECANCELED;
				strscpy(job->message, "the file was closed",
					sizeof(job->message));
			}
			found = job;
			dma_fence_get(&job->fence);
			break;
		}
		spin_unlock_irqrestore(&sched->lock, flags);
		if (!found)
			break;

		for (i = 0; i < found->num_deps; i++) {
			struct hmmgpu_job_dep *dep = &found->deps[i];

			if (dep->settled ||
			    !dma_fence_remove_callback(dep->fence, &dep->cb))
				continue;
			if (atomic_dec_and_test(&found->deps_pending))
				hmmgpu_job_queue(found);
		}
		dma_fence_put(&found->fence);
	}

	do {
		spin_lock_irqsave(&sched->lock, flags);
		idle = list_empty(&hfile->jobs);
		spin_unlock_irqrestore(&sched->lock, flags);
		if (!idle)
			wait_event(hfile->jobs_done, list_empty_careful(&hfile->jobs));
	} while (!idle);
}

/* Fail the submission with -EINVAL and the reason in the log. */
#define hmmgpu_reject(drm, log, ...)					\
	({								\
		snprintf((log), HMMGPU_SUBMIT_LOG, __VA_ARGS__);	\
		drm_dbg_driver((drm), "submit: %s\n", (log));		\
		-EINVAL;						\
	})

#define HMMGPU_SUBMIT_LOG	256

static int hmmgpu_job_init_ndrange(struct drm_device *drm,
				   struct hmmgpu_job *job,
				   struct drm_hmmgpu_ndrange *nd, char *log)
{
	const struct hmm_program *prog;
	const struct hmm_kernel *kernel;
	u64 lanes = 1, groups = 1, wave;
	unsigned int d;

	if (nd->pad)
		return hmmgpu_reject(drm, log, "ndrange: nonzero pad");
	job->program = hmmgpu_program_lookup(job->hfile, nd->program);
	if (!job->program) {
		snprintf(log, HMMGPU_SUBMIT_LOG, "ndrange: no program %u",
			 nd->program);
		drm_dbg_driver(drm, "submit: %s\n", log);
		return -ENOENT;
	}
	prog = hmmgpu_program_parsed(job->program);
	if (nd->kernel >= prog->num_kernels)
		return hmmgpu_reject(drm, log, "ndrange: kernel %u of %u",
				     nd->kernel, prog->num_kernels);
	kernel = &prog->kernels[nd->kernel];
	if (nd->work_dim < 1 || nd->work_dim > 3)
		return hmmgpu_reject(drm, log, "ndrange: work_dim %u not 1-3",
				     nd->work_dim);
	for (d = 0; d < 3; d++) {
		u64 g = nd->global_size[d], l = nd->local_size[d];

		if (d >= nd->work_dim) {
			if (g || l || nd->global_offset[d])
				return hmmgpu_reject(drm, log,
						     "ndrange: dimension %u past work_dim set",
						     d);
			job->num_groups[d] = 1;
			continue;
		}
		if (!g || !l)
			return hmmgpu_reject(drm, log,
					     "ndrange: zero size in dimension %u", d);
		if (nd->global_offset[d] + g < nd->global_offset[d])
			return hmmgpu_reject(drm, log,
					     "ndrange: offset + size overflows in dimension %u",
					     d);
		if (kernel->reqd_work_group_size[d] &&
		    kernel->reqd_work_group_size[d] != l)
			return hmmgpu_reject(drm, log,
					     "ndrange: local size %llu != required %u in dimension %u",
					     l, kernel->reqd_work_group_size[d], d);
		job->num_groups[d] = DIV_ROUND_UP_ULL(g, l);
		if (check_mul_overflow(lanes, l, &lanes) ||
		    check_mul_overflow(groups, job->num_groups[d], &groups))
			return hmmgpu_reject(drm, log, "ndrange: sizes overflow");
	}
	if (lanes > HMMGPU_MAX_WORK_GROUP_SIZE)
		return hmmgpu_reject(drm, log,
				     "ndrange: work-group of %llu work-items (at most %u)",
				     lanes, HMMGPU_MAX_WORK_GROUP_SIZE);
	if (nd->local_mem_size < kernel->local_size ||
	    nd->local_mem_size > HMMGPU_MAX_LOCAL_MEM)
		return hmmgpu_reject(drm, log,
				     "ndrange: local_mem_size %u not in %u-%u",
				     nd->local_mem_size, kernel->local_size,
				     HMMGPU_MAX_LOCAL_MEM);
	if (nd->args_size != kernel->arg_block_size)
		return hmmgpu_reject(drm, log,
				     "ndrange: args_size %u, kernel %u takes %u",
				     nd->args_size, nd->kernel,
				     kernel->arg_block_size);
	if (nd->args_size > HMMGPU_MAX_ARGS_SIZE)
		return hmmgpu_reject(drm, log, "ndrange: args_size %u over %u",
				     nd->args_size, HMMGPU_MAX_ARGS_SIZE);
	/* Registers, return stacks and private arenas of one work-group. */
	wave = lanes * ((u64)(prog->num_regs + 1) * 8 +
			HMM_MAX_CALL_DEPTH * 4 + 32 + kernel->private_size);
	if (wave > HMMGPU_MAX_WAVE_BYTES)
		return hmmgpu_reject(drm, log,
				     "ndrange: a work-group needs %llu bytes of state (at most %u): use smaller work-groups",
				     wave, HMMGPU_MAX_WAVE_BYTES);

	job->args = kmalloc(max_t(u32, nd->args_size, 1), GFP_KERNEL);
	if (!job->args)
		return -ENOMEM;
	if (copy_from_user(job->args, u64_to_user_ptr(nd->args),
			   nd->args_size)) {
		snprintf(log, HMMGPU_SUBMIT_LOG, "ndrange: bad args pointer");
		return -EFAULT;
	}

	job->launch.prog = prog;
	job->launch.kernel = nd->kernel;
	job->launch.work_dim = nd->work_dim;
	for (d = 0; d < 3; d++) {
		job->launch.global_offset[d] = nd->global_offset[d];
		job->launch.global_size[d] = nd->global_size[d];
		job->launch.local_size[d] = nd->local_size[d];
	}
	job->launch.args = job->args;
	job->launch.data_base = nd->data_base;
	job->launch.local_mem_size = nd->local_mem_size;
	job->ngroups = groups;
	return 0;
}

static int hmmgpu_job_init_copy(struct drm_device *drm, struct hmmgpu_job *job,
				struct drm_hmmgpu_copy *c, char *log)
{
	struct drm_hmmgpu_copy *cp = &job->copy;

	*cp = *c;
	if (cp->pad)
		return hmmgpu_reject(drm, log, "copy: nonzero pad");
	if (!cp->size || cp->dst + cp->size < cp->dst ||
	    cp->dst + cp->size > TASK_SIZE)
		return hmmgpu_reject(drm, log,
				     "copy: destination %#llx size %#llx empty or outside the address space",
				     cp->dst, cp->size);
	if (job->type == HMMGPU_JOB_COPY) {
		if (cp->pattern || cp->pattern_size)
			return hmmgpu_reject(drm, log, "copy: pattern given");
		if (cp->src + cp->size < cp->src ||
		    cp->src + cp->size > TASK_SIZE)
			return hmmgpu_reject(drm, log,
					     "copy: source %#llx outside the address space",
					     cp->src);
		if (cp->src < cp->dst + cp->size && cp->dst < cp->src + cp->size)
			return hmmgpu_reject(drm, log, "copy: ranges overlap");
	} else {
		if (cp->src)
			return hmmgpu_reject(drm, log, "fill: src given");
		if (!cp->pattern_size ||
		    cp->pattern_size > HMMGPU_MAX_FILL_PATTERN ||
		    cp->size % cp->pattern_size)
			return hmmgpu_reject(drm, log,
					     "fill: pattern_size %u not 1-%u or not dividing size %llu",
					     cp->pattern_size,
					     HMMGPU_MAX_FILL_PATTERN, cp->size);
		if (copy_from_user(job->pattern, u64_to_user_ptr(cp->pattern),
				   cp->pattern_size)) {
			snprintf(log, HMMGPU_SUBMIT_LOG, "fill: bad pattern pointer");
			return -EFAULT;
		}
	}
	job->ngroups = DIV_ROUND_UP_ULL(cp->size, HMMGPU_COPY_CHUNK);
	return 0;
}

static int hmmgpu_job_init_deps(struct drm_device *drm, struct drm_file *file,
				struct hmmgpu_job *job,
				struct drm_hmmgpu_submit *args, char *log)
{
	u32 __user *uhandles = u64_to_user_ptr(args->in_syncobjs);
	unsigned int i;

	if (args->num_in_syncobjs > HMMGPU_MAX_IN_SYNCOBJS)
		return hmmgpu_reject(drm, log, "%u in-syncobjs (at most %u)",
				     args->num_in_syncobjs,
				     HMMGPU_MAX_IN_SYNCOBJS);
	if (!args->num_in_syncobjs)
		return 0;
	job->deps = kcalloc(args->num_in_syncobjs, sizeof(*job->deps),
			    GFP_KERNEL);
	if (!job->deps)
		return -ENOMEM;
	for (i = 0; i < args->num_in_syncobjs; i++) {
		struct drm_syncobj *syncobj;
		u32 handle;

		if (get_user(handle, uhandles + i)) {
			snprintf(log, HMMGPU_SUBMIT_LOG, "bad in_syncobjs pointer");
			return -EFAULT;
		}
		syncobj = drm_syncobj_find(file, handle);
		if (!syncobj) {
			snprintf(log, HMMGPU_SUBMIT_LOG, "no syncobj %u", handle);
			drm_dbg_driver(drm, "submit: %s\n", log);
			return -ENOENT;
		}
		/* A syncobj without a fence is no dependency. */
		job->deps[job->num_deps].fence = drm_syncobj_fence_get(syncobj);
		drm_syncobj_put(syncobj);
		if (job->deps[job->num_deps].fence)
			job->deps[job->num_deps++].job = job;
	}
	return 0;
}

/* Start waiting for the dependencies; queues the job when none is left. */
static void hmmgpu_job_arm(struct hmmgpu_job *job)
{
	unsigned int i;

	atomic_set(&job->deps_pending, job->num_deps + 1);
	for (i = 0; i < job->num_deps; i++) {
		struct hmmgpu_job_dep *dep = &job->deps[i];

		if (!dma_fence_add_callback(dep->fence, &dep->cb,
					    hmmgpu_job_dep_signalled))
			continue;
		/* Already signalled. */
		dep->settled = true;
		if (dep->fence->error)
			hmmgpu_job_fail(job, -ECANCELED, 0, 0,
					"a dependency failed (%d)",
					dep->fence->error);
		atomic_dec(&job->deps_pending);
	}
	if (atomic_dec_and_test(&job->deps_pending))
		hmmgpu_job_queue(job);
}

int hmmgpu_ioctl_submit(struct drm_device *drm, void *data,
			struct drm_file *file)
{
	struct hmmgpu_device *hdev = to_hmmgpu(drm);
	struct hmmgpu_file *hfile = file->driver_priv;
	struct drm_hmmgpu_submit *args = data;
	struct drm_syncobj *out = NULL;
	char log[HMMGPU_SUBMIT_LOG] = "";
	struct hmmgpu_job *job;
	unsigned long flags;
	unsigned int i;
	int ret;

	if (args->extensions || args->flags) {
		ret = hmmgpu_reject(drm, log, "nonzero extensions or flags");
		goto out_log;
	}
	if (!hmmgpu_file_vm(file)) {
		drm_dbg_driver(drm, "submit: caller is not the process of the GPU VM\n");
		return -EACCES;
	}
	if (args->type > HMMGPU_JOB_FILL) {
		ret = hmmgpu_reject(drm, log, "unknown job type %u", args->type);
		goto out_log;
	}
	if (!IS_ALIGNED(args->status_addr, 8) ||
	    args->status_addr >= TASK_SIZE) {
		ret = hmmgpu_reject(drm, log,
				    "status_addr %#llx misaligned or outside the address space",
				    args->status_addr);
		goto out_log;
	}
	if (args->timeout_ms > HMMGPU_MAX_TIMEOUT_MS) {
		ret = hmmgpu_reject(drm, log, "timeout_ms %u over %u",
				    args->timeout_ms, HMMGPU_MAX_TIMEOUT_MS);
		goto out_log;
	}

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	/* Until initialised, the fence release frees what was attached. */
	dma_fence_init(&job->fence, &hmmgpu_fence_ops, &hdev->sched.fence_lock,
		       dma_fence_context_alloc(1),
		       atomic64_inc_return(&hdev->sched.seqno));
	job->hdev = hdev;
	job->hfile = hfile;
	job->vm = hfile->vm;
	job->type = args->type;
	job->status_addr = args->status_addr;
	job->timeout = msecs_to_jiffies(args->timeout_ms ?: job_timeout_ms);
	INIT_LIST_HEAD(&job->run_node);

	if (args->type == HMMGPU_JOB_NDRANGE) {
		struct drm_hmmgpu_ndrange nd;

		if (copy_from_user(&nd, u64_to_user_ptr(args->job), sizeof(nd))) {
			snprintf(log, sizeof(log), "bad job pointer");
			ret = -EFAULT;
			goto err_job;
		}
		ret = hmmgpu_job_init_ndrange(drm, job, &nd, log);
	} else {
		struct drm_hmmgpu_copy c;

		if (copy_from_user(&c, u64_to_user_ptr(args->job), sizeof(c))) {
			snprintf(log, sizeof(log), "bad job pointer");
			ret = -EFAULT;
			goto err_job;
		}
		ret = hmmgpu_job_init_copy(drm, job, &c, log);
	}
	if (ret)
		goto err_job;
	ret = hmmgpu_job_init_deps(drm, file, job, args, log);
	if (ret)
		goto err_job;
	if (args->out_syncobj) {
		out = drm_syncobj_find(file, args->out_syncobj);
		if (!out) {
			snprintf(log, sizeof(log), "no syncobj %u",
				 args->out_syncobj);
			drm_dbg_driver(drm, "submit: %s\n", log);
			ret = -ENOENT;
			goto err_job;
		}
		drm_syncobj_replace_fence(out, &job->fence);
		drm_syncobj_put(out);
	}
	args->seqno = job->fence.seqno;

	mutex_lock(&job->vm->lock);
	hmmgpu_count(job->vm, jobs_submitted, 1);
	mutex_unlock(&job->vm->lock);
	spin_lock_irqsave(&hdev->sched.lock, flags);
	list_add_tail(&job->file_node, &hfile->jobs);
	spin_unlock_irqrestore(&hdev->sched.lock, flags);
	hmmgpu_job_arm(job);
	return 0;

err_job:
	for (i = 0; i < job->num_deps; i++)
		dma_fence_put(job->deps[i].fence);
	job->num_deps = 0;
	dma_fence_put(&job->fence);
out_log:
	if (args->log && log[0] &&
	    hmmgpu_copy_log(drm, args->log, args->log_size, log))
		ret = -EFAULT;
	return ret;
}

int hmmgpu_sched_init(struct hmmgpu_device *hdev)
{
	struct hmmgpu_sched *sched = &hdev->sched;
	unsigned int num = compute_units ?: num_online_cpus();

	spin_lock_init(&sched->lock);
	spin_lock_init(&sched->fence_lock);
	INIT_LIST_HEAD(&sched->runnable);
	init_waitqueue_head(&sched->wq);
	atomic64_set(&sched->seqno, 0);
	return hmmgpu_cus_start(hdev, min_t(unsigned int, num, HMMGPU_MAX_CUS));
}

/* Called when no file is open: no job exists. */
void hmmgpu_sched_fini(struct hmmgpu_device *hdev)
{
	hmmgpu_cus_stop(hdev);
}
