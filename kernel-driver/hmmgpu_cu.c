// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu compute units: kernel threads that run jobs' work-groups with the
 * shared engine, through the GPU VM.
 */

#include <linux/hash.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <asm/fpu/api.h>

#include "hmmgpu_job.h"

#if !defined(CONFIG_X86_64)
#error "hmmgpu compute units need x86-64: kernel_fpu_begin() and no highmem"
#endif

/**
 * DOC: compute units
 *
 * A device has ``compute_units`` kernel threads (default: one per online
 * CPU). Each takes the next piece of the oldest runnable job (hmmgpu_job.c):
 * a work-group of an NDRange, which it runs with the engine
 * (engine/exec.c, the code libhmmcl.so's CPU device runs), or a chunk of a
 * copy or fill.
 *
 * A work-group runs in slices of at most HMMGPU_SLICE_BUDGET
 * lane-instructions. Floating point is used only inside a slice, between
 * kernel_fpu_begin() and kernel_fpu_end() (only engine/exec_float.c is
 * built with the FPU flags, and the engine reaches it only from
 * hmm_wave_run()); between slices the thread reschedules, checks the job's
 * deadline and whether the job was stopped, and resolves a device fault.
 * A job past its deadline fails with -ETIMEDOUT, like a hung GPU context
 * being reset: only that job is lost.
 *
 * Local and private memory are the wave's own kernel allocations, which the
 * engine bounds-checks on every access (the verifier guarantees that every
 * other access goes through translate()).
 */

/**
 * DOC: compute unit memory access
 *
 * Every global, constant and generic access of a work-group reaches memory
 * through hmmgpu_cu_translate(): a per-compute-unit, direct-mapped software
 * TLB of HMMGPU_TLB_ENTRIES pages, refilled from the GPU VM's page table on
 * a miss. A page the page table does not have (or has read-only, for a
 * write) stops the wave with HMM_FAULT; the compute unit ends the slice,
 * drops its locks, resolves the fault with hmm_range_fault() (through
 * hmmgpu_vm_device_fault(), outside the driver lock, per
 * Documentation/mm/hmm.rst) and resumes the wave at the faulting
 * instruction.
 *
 * A slice runs with &hmmgpu_vm.exec_lock held for reading; the invalidation
 * callback takes it for writing before it removes page table entries, and
 * bumps &hmmgpu_vm.tlb_seq. So an invalidation waits for the slices that
 * may use the entries it removes (at most one slice each) and returns only
 * once no compute unit can touch the pages; a compute unit compares its
 * TLB's sequence number with the VM's at the start of every slice and
 * flushes it when they differ. Nothing in a slice sleeps or allocates.
 *
 * Pages are reached through the kernel's direct map (system memory and
 * coherent VRAM) or the private VRAM's backing store, so a device atomic is
 * a CPU atomic instruction on the same physical memory the process maps:
 * host and device atomics on one address are coherent with no further
 * protocol.
 */

/**
 * DOC: migration policy
 *
 * Pages the compute units keep touching move to VRAM; CPU touches bring
 * them back (migrate_to_ram, hmmgpu_dmem.c). Like a GPU's access counters,
 * each TLB miss counts against the page's 64 KiB chunk in a small table per
 * GPU VM; a chunk that reaches ``migrate_threshold`` misses is migrated to
 * VRAM by the compute unit between slices (best effort, with eviction,
 * exactly as DRM_IOCTL_HMMGPU_MIGRATE). 0 turns the policy off; explicit
 * prefetch (MIGRATE) works either way.
 */

static unsigned int migrate_threshold = 32;
module_param(migrate_threshold, uint, 0644);
MODULE_PARM_DESC(migrate_threshold, "TLB misses in a 64 KiB chunk after which the compute units migrate it to VRAM (default 32; 0: off)");

/* Lane-instructions per slice (between FPU sections and preemption points). */
#define HMMGPU_SLICE_BUDGET	20000
#define HMMGPU_TLB_ENTRIES	64
#define HMMGPU_CHUNK_SHIFT	16
#define HMMGPU_CHUNK_PAGES	(1UL << (HMMGPU_CHUNK_SHIFT - PAGE_SHIFT))
/* Distinct chunks a compute unit remembers per slice for the policy. */
#define HMMGPU_TOUCHED_MAX	8

struct hmmgpu_tlb_entry {
	/* Virtual page number + 1; 0: invalid. */
	unsigned long tag;
	void *kaddr;
	bool writable;
};

struct hmmgpu_cu {
	struct hmmgpu_device *hdev;
	struct task_struct *thread;
	unsigned int index;

	/* The job being run and its memory access state. */
	struct hmmgpu_job *job;
	struct hmmgpu_vm *vm;
	struct hmm_mem_ops mem;
	struct hmmgpu_tlb_entry tlb[HMMGPU_TLB_ENTRIES];
	unsigned long tlb_seq;
	/* Job whose VM the TLB caches; a new job always starts empty. */
	u64 tlb_job;
	bool tlb_stale;
	u64 tlb_misses;
	unsigned long touched[HMMGPU_TOUCHED_MAX];
	unsigned int num_touched;

	/* The engine state for work-groups of job @wave_seqno. */
	struct hmm_wave *wave;
	u64 wave_seqno;
};

static void hmmgpu_tlb_flush(struct hmmgpu_cu *cu)
{
	memset(cu->tlb, 0, sizeof(cu->tlb));
}

static void hmmgpu_cu_touch(struct hmmgpu_cu *cu, unsigned long chunk)
{
	unsigned int i;

	for (i = 0; i < cu->num_touched; i++)
		if (cu->touched[i] == chunk)
			return;
	if (cu->num_touched < HMMGPU_TOUCHED_MAX)
		cu->touched[cu->num_touched++] = chunk;
}

/* The engine's translate(): called inside a slice (exec_lock held). */
static void *hmmgpu_cu_translate(void *ctx, u64 addr, u32 size, int write)
{
	struct hmmgpu_cu *cu = ctx;
	unsigned long vpn = addr >> PAGE_SHIFT;
	struct hmmgpu_tlb_entry *e = &cu->tlb[vpn % HMMGPU_TLB_ENTRIES];
	bool writable;
	void *kaddr;

	if (likely(e->tag == vpn + 1 && (e->writable || !write)))
		return e->kaddr + offset_in_page(addr);

	cu->tlb_misses++;
	kaddr = hmmgpu_vm_lookup_kaddr(cu->vm, addr, &writable);
	if (!kaddr || (write && !writable))
		return NULL;
	e->tag = vpn + 1;
	e->kaddr = kaddr;
	e->writable = writable;
	hmmgpu_cu_touch(cu, addr >> HMMGPU_CHUNK_SHIFT);
	return kaddr + offset_in_page(addr);
}

/* Begin a slice: the VM's entries stay while it runs. */
static void hmmgpu_cu_slice_begin(struct hmmgpu_cu *cu)
{
	down_read(&cu->vm->exec_lock);
	if (cu->tlb_stale || cu->tlb_seq != cu->vm->tlb_seq) {
		hmmgpu_tlb_flush(cu);
		cu->tlb_seq = cu->vm->tlb_seq;
		cu->tlb_stale = false;
	}
}

static void hmmgpu_cu_slice_end(struct hmmgpu_cu *cu)
{
	up_read(&cu->vm->exec_lock);
}

/*
 * hmmgpu_cu_account - between slices: charge TLB misses and apply the
 * migration policy to the chunks the slice filled TLB entries for.
 */
static void hmmgpu_cu_account(struct hmmgpu_cu *cu)
{
	struct hmmgpu_vm *vm = cu->vm;
	struct hmmgpu_access_counters *ac = &vm->access;
	unsigned long migrate[HMMGPU_TOUCHED_MAX];
	unsigned int i, n = 0, threshold = READ_ONCE(migrate_threshold);
	long moved;

	if (!cu->tlb_misses && !cu->num_touched)
		return;
	mutex_lock(&vm->lock);
	hmmgpu_count(vm, tlb_misses, cu->tlb_misses);
	if (threshold && vm->hdev->vram.npages) {
		for (i = 0; i < cu->num_touched; i++) {
			unsigned long chunk = cu->touched[i];
			unsigned int slot = hash_long(chunk, 6);

			if (ac->chunk[slot] != chunk) {
				ac->chunk[slot] = chunk;
				ac->count[slot] = 0;
			}
			if (++ac->count[slot] >= threshold) {
				ac->count[slot] = 0;
				migrate[n++] = chunk;
			}
		}
	}
	mutex_unlock(&vm->lock);
	cu->tlb_misses = 0;
	cu->num_touched = 0;

	for (i = 0; i < n; i++) {
		moved = hmmgpu_migrate_to_vram(vm,
					       migrate[i] << HMMGPU_CHUNK_SHIFT,
					       HMMGPU_CHUNK_PAGES);
		if (moved > 0) {
			mutex_lock(&vm->lock);
			hmmgpu_count(vm, auto_migrations, moved);
			mutex_unlock(&vm->lock);
		}
	}
}

/*
 * hmmgpu_cu_check - between slices: may the piece go on? Fails the job at
 * its deadline.
 */
static bool hmmgpu_cu_check(struct hmmgpu_cu *cu, struct hmmgpu_job *job)
{
	if (hmmgpu_job_stopped(job))
		return false;
	if (time_after(jiffies, job->deadline)) {
		hmmgpu_job_fail(job, -ETIMEDOUT, 0, 0,
				"timed out after %u ms",
				jiffies_to_msecs(job->timeout));
		return false;
	}
	return true;
}

/* Fail @job for a device fault at @addr that could not be resolved. */
static void hmmgpu_cu_fault_failed(struct hmmgpu_job *job, u32 insn,
				   u64 addr, bool write, int err)
{
	hmmgpu_job_fail(job, err == -ENOMEM ? -ENOMEM : -EFAULT, insn, addr,
			"device %s fault at %#llx: %s (%d)",
			write ? "write" : "read", addr,
			err == -ESRCH ? "address space gone" :
			err == -EPERM ? "no write permission" :
			err == -EFAULT ? "not mapped or no access" : "error",
			err);
}

/* The wave for @job's work-groups, created on the job's first group. */
static struct hmm_wave *hmmgpu_cu_wave(struct hmmgpu_cu *cu,
				       struct hmmgpu_job *job)
{
	struct hmm_launch launch;

	if (cu->wave && cu->wave_seqno == job->fence.seqno)
		return cu->wave;
	hmm_wave_destroy(cu->wave);
	launch = job->launch;
	launch.mem = &cu->mem;
	launch.mem_ctx = cu;
	cu->wave = hmm_wave_create(&launch);
	cu->wave_seqno = job->fence.seqno;
	return cu->wave;
}

/* Run work-group @group of an NDRange job; true if it ran to its end. */
static bool hmmgpu_cu_run_group(struct hmmgpu_cu *cu, struct hmmgpu_job *job,
				u64 group)
{
	struct hmm_wave *wave = hmmgpu_cu_wave(cu, job);
	enum hmm_status st;
	u64 id[3];
	int err;

	if (!wave) {
		hmmgpu_job_fail(job, -ENOMEM, 0, 0,
				"out of memory for the work-group state");
		return false;
	}
	id[0] = group % job->num_groups[0];
	id[1] = group / job->num_groups[0] % job->num_groups[1];
	id[2] = group / (job->num_groups[0] * job->num_groups[1]);
	hmm_wave_start(wave, id);

	for (;;) {
		if (!hmmgpu_cu_check(cu, job))
			return false;
		hmmgpu_cu_slice_begin(cu);
		kernel_fpu_begin();
		st = hmm_wave_run(wave, HMMGPU_SLICE_BUDGET);
		kernel_fpu_end();
		hmmgpu_cu_slice_end(cu);
		hmmgpu_cu_account(cu);

		switch (st) {
		case HMM_DONE:
			return true;
		case HMM_YIELD:
			cond_resched();
			break;
		case HMM_FAULT:
			err = hmmgpu_vm_device_fault(cu->vm,
						     hmm_wave_fault_addr(wave),
						     hmm_wave_fault_write(wave));
			if (err) {
				hmmgpu_cu_fault_failed(job, hmm_wave_pc(wave),
						       hmm_wave_fault_addr(wave),
						       hmm_wave_fault_write(wave),
						       err);
				return false;
			}
			break;
		case HMM_TRAP:
			hmmgpu_job_fail(job, -EIO, hmm_wave_pc(wave), 0, "%s",
					hmm_wave_error(wave));
			return false;
		}
	}
}

/*
 * hmmgpu_cu_pages - kernel addresses for @len bytes at @dst (written) and,
 * unless @src is 0, at @src (read), neither range crossing a page. Returns
 * 0 with exec_lock held for reading, or the errno of a fault that could
 * not be resolved (*@bad set to its address) without it.
 */
static int hmmgpu_cu_pages(struct hmmgpu_vm *vm, u64 dst, u64 src,
			   void **dst_k, const void **src_k, u64 *bad)
{
	bool writable;
	int err;

	for (;;) {
		down_read(&vm->exec_lock);
		*dst_k = hmmgpu_vm_lookup_kaddr(vm, dst, &writable);
		if (!*dst_k || !writable) {
			up_read(&vm->exec_lock);
			*bad = dst;
			err = hmmgpu_vm_device_fault(vm, dst, true);
			if (err)
				return err;
			continue;
		}
		*dst_k += offset_in_page(dst);
		if (!src)
			return 0;
		*src_k = hmmgpu_vm_lookup_kaddr(vm, src, &writable);
		if (*src_k) {
			*src_k += offset_in_page(src);
			return 0;
		}
		up_read(&vm->exec_lock);
		*bad = src;
		err = hmmgpu_vm_device_fault(vm, src, false);
		if (err)
			return err;
	}
}

/**
 * hmmgpu_vm_write_bytes - the device writes @len bytes through the GPU VM
 * @vm: the GPU VM
 * @addr: device address
 * @buf: the bytes
 * @len: how many
 *
 * Return: 0 or the errno of a fault that could not be resolved.
 */
int hmmgpu_vm_write_bytes(struct hmmgpu_vm *vm, u64 addr, const void *buf,
			  size_t len)
{
	const void *unused;
	void *dst;
	u64 bad;
	int err;

	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - offset_in_page(addr));

		err = hmmgpu_cu_pages(vm, addr, 0, &dst, &unused, &bad);
		if (err)
			return err;
		memcpy(dst, buf, n);
		up_read(&vm->exec_lock);
		buf += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/* Run chunk @group of a COPY or FILL job; true if it ran to its end. */
static bool hmmgpu_cu_run_copy(struct hmmgpu_cu *cu, struct hmmgpu_job *job,
			       u64 group)
{
	const struct drm_hmmgpu_copy *cp = &job->copy;
	u64 pos = group * HMMGPU_COPY_CHUNK;
	u64 end = min_t(u64, pos + HMMGPU_COPY_CHUNK, cp->size);
	bool copy = job->type == HMMGPU_JOB_COPY;

	while (pos < end) {
		u64 dst = cp->dst + pos, src = copy ? cp->src + pos : 0, bad;
		u64 n = min_t(u64, end - pos, PAGE_SIZE - offset_in_page(dst));
		const void *src_k = NULL;
		void *dst_k;
		int err;

		if (!hmmgpu_cu_check(cu, job))
			return false;
		if (copy)
			n = min_t(u64, n, PAGE_SIZE - offset_in_page(src));
		err = hmmgpu_cu_pages(cu->vm, dst, src, &dst_k, &src_k, &bad);
		if (err) {
			hmmgpu_cu_fault_failed(job, 0, bad, bad == dst, err);
			return false;
		}
		if (copy) {
			memcpy(dst_k, src_k, n);
		} else {
			u64 i;

			for (i = 0; i < n; i++)
				((u8 *)dst_k)[i] =
					job->pattern[(pos + i) % cp->pattern_size];
		}
		hmmgpu_cu_slice_end(cu);
		pos += n;
	}
	return true;
}

static void hmmgpu_cu_run(struct hmmgpu_cu *cu, struct hmmgpu_job *job,
			  u64 group)
{
	bool completed;

	/*
	 * Another job's VM may have been freed and this one allocated in its
	 * place: entries are only ever reused within one job.
	 */
	if (cu->tlb_job != job->fence.seqno) {
		cu->tlb_job = job->fence.seqno;
		cu->tlb_stale = true;
	}
	cu->vm = job->vm;
	cu->job = job;
	if (job->type == HMMGPU_JOB_NDRANGE)
		completed = hmmgpu_cu_run_group(cu, job, group);
	else
		completed = hmmgpu_cu_run_copy(cu, job, group);
	cu->job = NULL;
	hmmgpu_sched_group_done(job, completed);
}

static bool hmmgpu_cu_has_work(struct hmmgpu_sched *sched)
{
	return !list_empty_careful(&sched->runnable) || kthread_should_stop();
}

static int hmmgpu_cu_thread(void *data)
{
	struct hmmgpu_cu *cu = data;
	struct hmmgpu_sched *sched = &cu->hdev->sched;
	struct hmmgpu_job *job;
	u64 group;

	while (!kthread_should_stop()) {
		job = hmmgpu_sched_claim(cu->hdev, &group);
		if (job) {
			hmmgpu_cu_run(cu, job, group);
			cond_resched();
			continue;
		}
		wait_event_interruptible(sched->wq, hmmgpu_cu_has_work(sched));
	}
	hmm_wave_destroy(cu->wave);
	cu->wave = NULL;
	return 0;
}

int hmmgpu_cus_start(struct hmmgpu_device *hdev, unsigned int num)
{
	struct hmmgpu_sched *sched = &hdev->sched;
	unsigned int i;

	sched->cus = kcalloc(num, sizeof(*sched->cus), GFP_KERNEL);
	if (!sched->cus)
		return -ENOMEM;
	for (i = 0; i < num; i++) {
		struct hmmgpu_cu *cu = kzalloc(sizeof(*cu), GFP_KERNEL);

		if (!cu)
			goto err;
		cu->hdev = hdev;
		cu->index = i;
		cu->mem.translate = hmmgpu_cu_translate;
		cu->thread = kthread_run(hmmgpu_cu_thread, cu, "hmmgpu%u_cu%u",
					 hdev->index, i);
		if (IS_ERR(cu->thread)) {
			kfree(cu);
			goto err;
		}
		sched->cus[i] = cu;
		sched->num_cus++;
	}
	return 0;

err:
	hmmgpu_cus_stop(hdev);
	return -ENOMEM;
}

void hmmgpu_cus_stop(struct hmmgpu_device *hdev)
{
	struct hmmgpu_sched *sched = &hdev->sched;
	unsigned int i;

	for (i = 0; i < sched->num_cus; i++) {
		kthread_stop(sched->cus[i]->thread);
		kfree(sched->cus[i]);
	}
	kfree(sched->cus);
	sched->cus = NULL;
	sched->num_cus = 0;
}
