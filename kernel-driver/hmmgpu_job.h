/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * hmmgpu jobs: shared by the submission and scheduling code (hmmgpu_job.c)
 * and the compute units that run them (hmmgpu_cu.c).
 */
#ifndef _HMMGPU_JOB_H_
#define _HMMGPU_JOB_H_

#include <linux/dma-fence.h>
#include <linux/list.h>

#include "hmmgpu_drv.h"
#include "engine/engine.h"
#include <drm/hmmgpu_drm.h>

/* Bytes of a copy or fill job one compute unit handles at a time. */
#define HMMGPU_COPY_CHUNK	(64 * 1024)

struct hmmgpu_job_dep {
	struct dma_fence_cb cb;
	struct dma_fence *fence;
	struct hmmgpu_job *job;
	/* The callback was removed or has run: the count is settled. */
	bool settled;
};

/**
 * struct hmmgpu_job - one submitted job
 *
 * Allocated with its fence first so that the fence's release frees it.
 * References are fence references: the scheduler holds one from
 * submission until the job has finished, the out syncobj another.
 */
struct hmmgpu_job {
	/** @fence: signalled when the job has finished; must be first */
	struct dma_fence fence;
	/** @hdev: the device */
	struct hmmgpu_device *hdev;
	/** @hfile: the file it was submitted on (outlives the job's run) */
	struct hmmgpu_file *hfile;
	/** @vm: @hfile's GPU VM */
	struct hmmgpu_vm *vm;
	/** @type: HMMGPU_JOB_* */
	u32 type;

	/** @program: NDRange: the program, referenced */
	struct hmmgpu_program *program;
	/** @launch: NDRange: the engine's launch, mem/mem_ctx per compute unit */
	struct hmm_launch launch;
	/** @args: NDRange: the argument block, owned */
	u8 *args;
	/** @copy: COPY and FILL: what to do */
	struct drm_hmmgpu_copy copy;
	/** @pattern: FILL: the pattern */
	u8 pattern[HMMGPU_MAX_FILL_PATTERN];

	/** @num_groups: work-groups per dimension (NDRange) */
	u64 num_groups[3];
	/** @ngroups: work-groups (or copy chunks) in all */
	u64 ngroups;

	/* Dispatch state, protected by hdev->sched.lock. */
	/** @next_group: the next group to hand out */
	u64 next_group;
	/** @active: compute units running a group of the job */
	unsigned int active;
	/** @queued: on sched.runnable */
	bool queued;
	/** @started: a group has been handed out; @deadline is set */
	bool started;
	/** @finished: finishing has begun (exactly once) */
	bool finished;
	/** @cancel_seen: hmmgpu_jobs_cancel_file() has handled the job */
	bool cancel_seen;
	/** @run_node: in sched.runnable */
	struct list_head run_node;
	/** @file_node: in hfile->jobs until finished */
	struct list_head file_node;

	/** @timeout: run-time limit in jiffies */
	unsigned long timeout;
	/** @deadline: when the limit is reached (once started) */
	unsigned long deadline;

	/** @deps_pending: unsignalled dependencies, plus one until submitted */
	atomic_t deps_pending;
	/** @num_deps: entries of @deps */
	unsigned int num_deps;
	/** @deps: the in-fences */
	struct hmmgpu_job_dep *deps;

	/* The outcome, set once under sched.lock (the first error wins). */
	/** @error: 0 or the errno the fence signals */
	int error;
	/** @insn: the instruction of a trap or fault */
	u32 insn;
	/** @fault_addr: the address of an unresolvable fault */
	u64 fault_addr;
	/** @message: the error's description */
	char message[112];

	/** @status_addr: where the status record goes, or 0 */
	u64 status_addr;
};

/* hmmgpu_job.c, for the compute units. */
struct hmmgpu_job *hmmgpu_sched_claim(struct hmmgpu_device *hdev, u64 *group);
void hmmgpu_sched_group_done(struct hmmgpu_job *job, bool completed);
void hmmgpu_job_fail(struct hmmgpu_job *job, int error, u32 insn,
		     u64 fault_addr, const char *fmt, ...) __printf(5, 6);
bool hmmgpu_job_stopped(struct hmmgpu_job *job);

/* hmmgpu_cu.c */
int hmmgpu_cus_start(struct hmmgpu_device *hdev, unsigned int num);
void hmmgpu_cus_stop(struct hmmgpu_device *hdev);
int hmmgpu_vm_write_bytes(struct hmmgpu_vm *vm, u64 addr, const void *buf,
			  size_t len);

#endif /* _HMMGPU_JOB_H_ */
