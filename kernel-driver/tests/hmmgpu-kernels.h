/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The device kernels of the hmmgpu job tests, assembled in device ISA
 * (docs/isa.md) with the engine's image builder: one program image holds
 * the kernels asked for, one function each. The argument block of every
 * kernel is a struct below, all fields 64 bits wide.
 */
#ifndef HMMGPU_KERNELS_H
#define HMMGPU_KERNELS_H

#include <stddef.h>
#include <stdint.h>

enum hk_id {
	/* Writes a struct hk_ids_record per work-item at out[global linear id]. */
	HK_IDS,
	/* n atomic adds of 1 per work-item on *counter. */
	HK_ATOMIC_ADD,
	/*
	 * Per work-item: adds 1 atomically to the word at words + id * stride
	 * until ctl->stop is nonzero, then writes its number of adds to
	 * counts[id]. The first add precedes the work-item's increment of
	 * ctl->started, so a started kernel has touched its words.
	 */
	HK_COUNT_UNTIL,
	/*
	 * Per work-item: old[id] = in[id * 32] (u32), ctl->started++, spin on
	 * an acquire load of ctl->stop until nonzero, then
	 * out[id] = in[id * 32] + stop.
	 */
	HK_SPIN_FLAG,
	/* ctl->started++, then loops forever. */
	HK_LOOP,
	/* TRAP at instruction HK_TRAP_INSN of its function. */
	HK_TRAP,
	/* *dst = *src (u64): the load at HK_LOAD_INSN, the store at HK_STORE_INSN. */
	HK_LOAD_STORE,
	/* Atomic add of 1 to the u64 at addr (traps when misaligned). */
	HK_ATOMIC_AT,
	/*
	 * Work-item i owns page i of buf: each of the 8 u64 words at offsets
	 * 0, 512, ..., 3584 of the page becomes 3 * word + 1.
	 */
	HK_STREAM,
	/* Returns at once; argument block of 0 bytes. */
	HK_NOP,
	/*
	 * One work-item: @rounds times, loads the first u64 of every page in
	 * [buf, buf + 4096 * @pages); writes the sum of all loads to *out.
	 */
	HK_TOUCH,
	/*
	 * Work-item l of a group stores l at local[l] (u64), a barrier, then
	 * work-item 0 writes the sum of the group's local[] to out[group id].
	 */
	HK_LOCAL_SUM,
	HK_COUNT
};

#define HK_ALL ((1u << HK_COUNT) - 1)

/* Instruction indices inside a kernel's function (add hk_program.entry[id]). */
#define HK_COUNT_UNTIL_FIRST_ADD 11
#define HK_COUNT_UNTIL_LOOP_ADD	 16
#define HK_TRAP_INSN		 2
#define HK_LOAD_INSN		 2
#define HK_STORE_INSN		 3
#define HK_STREAM_SLOTS		 8
#define HK_STREAM_SLOT_STRIDE	 512

/* The shared control block of HK_COUNT_UNTIL, HK_SPIN_FLAG and HK_LOOP. */
struct hk_ctl {
	uint64_t stop;
	uint64_t started;
};

struct hk_ids_args {
	uint64_t out;
	uint64_t marker; /* copied into every record */
};

/* What HK_IDS writes per work-item (u32 fields; ids are below 2^32 here). */
struct hk_ids_record {
	uint32_t global_id[3];
	uint32_t local_id[3];
	uint32_t group_id[3];
	uint32_t local_size[3]; /* this work-group's: smaller at an edge */
	uint32_t work_dim;
	uint32_t num_groups0;
	uint32_t global_offset0;
	uint32_t marker;
};

struct hk_atomic_add_args {
	uint64_t counter;
	uint64_t n; /* at least 1 */
};

struct hk_count_until_args {
	uint64_t words;
	uint64_t stride; /* bytes between the words of consecutive work-items */
	uint64_t ctl;
	uint64_t counts; /* u64 per work-item */
};

struct hk_spin_flag_args {
	uint64_t ctl;
	uint64_t in;  /* u32 array; work-item i reads in[32 * i] */
	uint64_t old; /* u32 per work-item: in[] before the flag */
	uint64_t out; /* u32 per work-item: in[] after the flag + the flag */
};

struct hk_loop_args {
	uint64_t ctl;
};

struct hk_trap_args {
	uint64_t unused;
};

struct hk_load_store_args {
	uint64_t src;
	uint64_t dst;
};

struct hk_atomic_at_args {
	uint64_t addr;
};

struct hk_stream_args {
	uint64_t buf;
};

struct hk_touch_args {
	uint64_t buf;
	uint64_t pages;	 /* at least 1 */
	uint64_t rounds; /* at least 1 */
	uint64_t out;
};

struct hk_local_sum_args {
	uint64_t local; /* a local address (HMM_ADDR_LOCAL_BASE + offset) */
	uint64_t out;
};

struct hk_program {
	void *image; /* malloc'd */
	size_t size;
	/* Kernel index in the image of each id, -1 when not built. */
	int kernel[HK_COUNT];
	/* First instruction of each kernel's function. */
	uint32_t entry[HK_COUNT];
	/* Argument block size of each kernel. */
	uint32_t args_size[HK_COUNT];
};

/*
 * Builds one image with the kernels whose bit (1u << id) is set in @mask,
 * in id order. Returns 0, or -ENOMEM.
 */
int hk_build(struct hk_program *p, unsigned int mask);
void hk_free(struct hk_program *p);
const char *hk_name(enum hk_id id);

#endif
