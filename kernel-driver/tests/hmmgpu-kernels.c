// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The job tests' device kernels, written instruction by instruction with
 * engine/builder.c. Branch targets are absolute instruction indices, so
 * each emitter takes its function's first index; the instruction indices
 * the tests look for in job status records are checked here as they are
 * emitted (hmmgpu-kernels.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/builder.h"
#include "hmmgpu-kernels.h"

#define NUM_REGS 24
/* Every atomic: sequentially consistent, coherent with host threads. */
#define SVM_ORDER (HMM_ORDER_SEQ_CST | HMM_SCOPE_ALL_SVM_DEVICES << 4)
#define ACQUIRE	  (HMM_ORDER_ACQUIRE | HMM_SCOPE_ALL_SVM_DEVICES << 4)

struct as {
	struct hmm_builder *b;
	uint32_t entry; /* first instruction of the function being emitted */
	int bad;	/* an index check failed: a bug in this file */
};

static uint32_t emit(struct as *as, uint8_t op, uint8_t type, uint8_t mod,
		     uint8_t flags, uint16_t d, uint16_t a, uint16_t b,
		     uint16_t c, int32_t imm)
{
	struct hmm_insn in = {
		.op = op, .type = type, .mod = mod, .flags = flags,
		.dst = d, .a = a, .b = b, .c = c, .imm = imm,
	};

	return hmm_builder_emit(as->b, in) - as->entry;
}

/* Local index of the next instruction. */
static uint32_t here(struct as *as)
{
	return hmm_builder_here(as->b) - as->entry;
}

static void expect_at(struct as *as, uint32_t index, uint32_t want)
{
	if (index != want) {
		fprintf(stderr, "hmmgpu-kernels: instruction %u emitted at %u\n",
			want, index);
		as->bad = 1;
	}
}

static void ldarg(struct as *as, uint16_t d, int32_t off)
{
	emit(as, HMM_OP_LDARG, HMM_T_I64, 0, 0, d, 0, 0, 0, off);
}

static void movi(struct as *as, uint16_t d, int32_t v)
{
	emit(as, HMM_OP_MOVI, HMM_T_I64, 0, 0, d, 0, 0, 0, v);
}

static void alu(struct as *as, uint8_t op, uint16_t d, uint16_t a, uint16_t b)
{
	emit(as, op, HMM_T_I64, 0, 0, d, a, b, 0, 0);
}

static void wi(struct as *as, uint8_t type, uint16_t d, int32_t query,
	       uint8_t dim)
{
	emit(as, HMM_OP_WI, type, dim, 0, d, 0, 0, 0, query);
}

static uint32_t ld(struct as *as, uint8_t type, uint16_t d, uint16_t a,
		   int32_t off)
{
	return emit(as, HMM_OP_LD, type, HMM_SPACE_GLOBAL, 0, d, a, 0, 0, off);
}

static uint32_t st(struct as *as, uint8_t type, uint16_t a, uint16_t v,
		   int32_t off)
{
	return emit(as, HMM_OP_ST, type, HMM_SPACE_GLOBAL, 0, 0, a, v, 0, off);
}

static uint32_t atomic(struct as *as, uint8_t aop, uint16_t d, uint16_t a,
		       uint16_t v, int32_t order)
{
	return emit(as, HMM_OP_ATOMIC, HMM_T_I64, HMM_SPACE_GLOBAL, aop, d, a,
		    aop == HMM_ATOMIC_LOAD ? 0 : v, 0, order);
}

static void brc(struct as *as, uint16_t cond, uint32_t target)
{
	emit(as, HMM_OP_BRC, HMM_T_NONE, 0, 0, 0, cond, 0, 0,
	     (int32_t)(as->entry + target));
}

static void br(struct as *as, uint32_t target)
{
	emit(as, HMM_OP_BR, HMM_T_NONE, 0, 0, 0, 0, 0, 0,
	     (int32_t)(as->entry + target));
}

static void ret(struct as *as)
{
	emit(as, HMM_OP_RET, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
}

static void ids(struct as *as)
{
	static const int32_t queries[4] = {
		HMM_WI_GLOBAL_ID, HMM_WI_LOCAL_ID, HMM_WI_GROUP_ID,
		HMM_WI_LOCAL_SIZE,
	};

	ldarg(as, 1, 0);
	ldarg(as, 2, 8);
	wi(as, HMM_T_I64, 3, HMM_WI_GLOBAL_LINEAR_ID, 0);
	movi(as, 4, sizeof(struct hk_ids_record));
	alu(as, HMM_OP_MUL, 3, 3, 4);
	alu(as, HMM_OP_ADD, 1, 1, 3);
	for (int q = 0; q < 4; q++) {
		for (int dim = 0; dim < 3; dim++) {
			wi(as, HMM_T_I32, 5, queries[q], dim);
			st(as, HMM_T_I32, 1, 5, 4 * (3 * q + dim));
		}
	}
	wi(as, HMM_T_I32, 5, HMM_WI_WORK_DIM, 0);
	st(as, HMM_T_I32, 1, 5, offsetof(struct hk_ids_record, work_dim));
	wi(as, HMM_T_I32, 5, HMM_WI_NUM_GROUPS, 0);
	st(as, HMM_T_I32, 1, 5, offsetof(struct hk_ids_record, num_groups0));
	wi(as, HMM_T_I32, 5, HMM_WI_GLOBAL_OFFSET, 0);
	st(as, HMM_T_I32, 1, 5, offsetof(struct hk_ids_record, global_offset0));
	st(as, HMM_T_I32, 1, 2, offsetof(struct hk_ids_record, marker));
	ret(as);
}

static void atomic_add(struct as *as)
{
	uint32_t loop;

	ldarg(as, 1, 0);	/* counter */
	ldarg(as, 2, 8);	/* n */
	movi(as, 3, 0);		/* i */
	movi(as, 4, 1);
	loop = atomic(as, HMM_ATOMIC_ADD, 5, 1, 4, SVM_ORDER);
	alu(as, HMM_OP_ADD, 3, 3, 4);
	emit(as, HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 6, 3, 2, 0, 0);
	brc(as, 6, loop);
	ret(as);
}

static void count_until(struct as *as)
{
	uint32_t loop, out;

	ldarg(as, 1, 0);	/* words */
	ldarg(as, 2, 8);	/* stride */
	ldarg(as, 3, 16);	/* ctl */
	ldarg(as, 4, 24);	/* counts */
	wi(as, HMM_T_I64, 5, HMM_WI_GLOBAL_LINEAR_ID, 0);
	alu(as, HMM_OP_MUL, 6, 5, 2);
	alu(as, HMM_OP_ADD, 6, 1, 6);		/* r6 = this work-item's word */
	movi(as, 7, 1);
	movi(as, 8, 0);				/* r8 = adds */
	movi(as, 10, 8);
	alu(as, HMM_OP_ADD, 9, 3, 10);		/* r9 = &ctl->started */
	expect_at(as, atomic(as, HMM_ATOMIC_ADD, 11, 6, 7, SVM_ORDER),
		  HK_COUNT_UNTIL_FIRST_ADD);
	alu(as, HMM_OP_ADD, 8, 8, 7);
	atomic(as, HMM_ATOMIC_ADD, 11, 9, 7, SVM_ORDER);
	loop = atomic(as, HMM_ATOMIC_LOAD, 12, 3, 0, ACQUIRE);
	out = loop + 5;
	brc(as, 12, out);
	expect_at(as, atomic(as, HMM_ATOMIC_ADD, 11, 6, 7, SVM_ORDER),
		  HK_COUNT_UNTIL_LOOP_ADD);
	alu(as, HMM_OP_ADD, 8, 8, 7);
	br(as, loop);
	expect_at(as, here(as), out);
	alu(as, HMM_OP_MUL, 13, 5, 10);
	alu(as, HMM_OP_ADD, 13, 4, 13);
	st(as, HMM_T_I64, 13, 8, 0);
	ret(as);
}

static void spin_flag(struct as *as)
{
	uint32_t loop;

	ldarg(as, 1, 0);	/* ctl */
	ldarg(as, 2, 8);	/* in */
	ldarg(as, 3, 16);	/* old */
	ldarg(as, 4, 24);	/* out */
	wi(as, HMM_T_I64, 5, HMM_WI_GLOBAL_LINEAR_ID, 0);
	movi(as, 6, 128);
	alu(as, HMM_OP_MUL, 6, 5, 6);
	alu(as, HMM_OP_ADD, 6, 2, 6);		/* r6 = &in[32 * id] */
	movi(as, 7, 4);
	alu(as, HMM_OP_MUL, 7, 5, 7);		/* r7 = 4 * id */
	ld(as, HMM_T_I32, 8, 6, 0);
	alu(as, HMM_OP_ADD, 9, 3, 7);
	st(as, HMM_T_I32, 9, 8, 0);
	movi(as, 10, 1);
	movi(as, 11, 8);
	alu(as, HMM_OP_ADD, 11, 1, 11);
	atomic(as, HMM_ATOMIC_ADD, 12, 11, 10, SVM_ORDER);
	loop = atomic(as, HMM_ATOMIC_LOAD, 13, 1, 0, ACQUIRE);
	brc(as, 13, loop + 3);
	br(as, loop);
	ld(as, HMM_T_I32, 8, 6, 0);
	emit(as, HMM_OP_ADD, HMM_T_I32, 0, 0, 8, 8, 13, 0, 0);
	alu(as, HMM_OP_ADD, 9, 4, 7);
	st(as, HMM_T_I32, 9, 8, 0);
	ret(as);
}

static void loop_forever(struct as *as)
{
	uint32_t self;

	ldarg(as, 1, 0);
	movi(as, 2, 8);
	alu(as, HMM_OP_ADD, 1, 1, 2);
	movi(as, 3, 1);
	atomic(as, HMM_ATOMIC_ADD, 4, 1, 3, SVM_ORDER);
	self = here(as);
	br(as, self);
}

static void trap(struct as *as)
{
	emit(as, HMM_OP_NOP, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
	emit(as, HMM_OP_NOP, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
	expect_at(as, emit(as, HMM_OP_TRAP, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 7),
		  HK_TRAP_INSN);
}

static void load_store(struct as *as)
{
	ldarg(as, 1, 0);
	ldarg(as, 2, 8);
	expect_at(as, ld(as, HMM_T_I64, 3, 1, 0), HK_LOAD_INSN);
	expect_at(as, st(as, HMM_T_I64, 2, 3, 0), HK_STORE_INSN);
	ret(as);
}

static void atomic_at(struct as *as)
{
	ldarg(as, 1, 0);
	movi(as, 2, 1);
	atomic(as, HMM_ATOMIC_ADD, 3, 1, 2, SVM_ORDER);
	ret(as);
}

static void stream(struct as *as)
{
	ldarg(as, 1, 0);
	wi(as, HMM_T_I64, 2, HMM_WI_GLOBAL_LINEAR_ID, 0);
	movi(as, 3, 12);
	alu(as, HMM_OP_SHL, 2, 2, 3);
	alu(as, HMM_OP_ADD, 1, 1, 2);
	movi(as, 4, 3);
	movi(as, 5, 1);
	for (int w = 0; w < HK_STREAM_SLOTS; w++) {
		ld(as, HMM_T_I64, 6, 1, w * HK_STREAM_SLOT_STRIDE);
		alu(as, HMM_OP_MUL, 6, 6, 4);
		alu(as, HMM_OP_ADD, 6, 6, 5);
		st(as, HMM_T_I64, 1, 6, w * HK_STREAM_SLOT_STRIDE);
	}
	ret(as);
}

static void nop(struct as *as)
{
	ret(as);
}

static void touch(struct as *as)
{
	uint32_t outer, inner;

	ldarg(as, 1, 0);	/* buf */
	ldarg(as, 2, 8);	/* pages */
	ldarg(as, 3, 16);	/* rounds */
	ldarg(as, 4, 24);	/* out */
	movi(as, 5, 0);		/* sum */
	movi(as, 6, 0);		/* round */
	movi(as, 7, 1);
	movi(as, 8, 4096);
	outer = here(as);
	movi(as, 9, 0);		/* page */
	emit(as, HMM_OP_MOV, HMM_T_I64, 0, 0, 10, 1, 0, 0, 0);
	inner = ld(as, HMM_T_I64, 11, 10, 0);
	alu(as, HMM_OP_ADD, 5, 5, 11);
	alu(as, HMM_OP_ADD, 10, 10, 8);
	alu(as, HMM_OP_ADD, 9, 9, 7);
	emit(as, HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 12, 9, 2, 0, 0);
	brc(as, 12, inner);
	alu(as, HMM_OP_ADD, 6, 6, 7);
	emit(as, HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 12, 6, 3, 0, 0);
	brc(as, 12, outer);
	st(as, HMM_T_I64, 4, 5, 0);
	ret(as);
}

static void local_sum(struct as *as)
{
	uint32_t loop, end;

	ldarg(as, 1, 0);	/* local */
	ldarg(as, 2, 8);	/* out */
	wi(as, HMM_T_I64, 3, HMM_WI_LOCAL_LINEAR_ID, 0);
	movi(as, 4, 8);
	movi(as, 12, 1);
	alu(as, HMM_OP_MUL, 5, 3, 4);
	alu(as, HMM_OP_ADD, 6, 1, 5);
	emit(as, HMM_OP_ST, HMM_T_I64, HMM_SPACE_LOCAL, 0, 0, 6, 3, 0, 0);
	emit(as, HMM_OP_BARRIER, HMM_T_NONE, HMM_EXEC_WORK_GROUP,
	     1u << HMM_SPACE_LOCAL, 0, 0, 0, 0,
	     HMM_ORDER_ACQ_REL | HMM_SCOPE_WORK_GROUP << 4);
	/* Only work-item 0 goes on: the branch skips 14 instructions. */
	end = here(as) + 15;
	brc(as, 3, end);
	wi(as, HMM_T_I64, 7, HMM_WI_LOCAL_SIZE, 0);
	movi(as, 8, 0);
	movi(as, 9, 0);
	loop = here(as);
	alu(as, HMM_OP_MUL, 10, 8, 4);
	alu(as, HMM_OP_ADD, 10, 1, 10);
	emit(as, HMM_OP_LD, HMM_T_I64, HMM_SPACE_LOCAL, 0, 11, 10, 0, 0, 0);
	alu(as, HMM_OP_ADD, 9, 9, 11);
	alu(as, HMM_OP_ADD, 8, 8, 12);
	emit(as, HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 13, 8, 7, 0, 0);
	brc(as, 13, loop);
	wi(as, HMM_T_I64, 14, HMM_WI_GROUP_ID, 0);
	alu(as, HMM_OP_MUL, 14, 14, 4);
	alu(as, HMM_OP_ADD, 14, 2, 14);
	st(as, HMM_T_I64, 14, 9, 0);
	expect_at(as, here(as), end);
	ret(as);
}

struct kernel_desc {
	const char *name;
	void (*emit)(struct as *as);
	uint32_t args_size;
	/* Argument names; pointers unless listed in scalars (bit per argument). */
	const char *args[4];
	unsigned int scalars;
};

static const struct kernel_desc kernels[HK_COUNT] = {
	[HK_IDS] = { "ids", ids, sizeof(struct hk_ids_args),
		     { "out", "marker" }, 2 },
	[HK_ATOMIC_ADD] = { "atomic_add", atomic_add,
			    sizeof(struct hk_atomic_add_args),
			    { "counter", "n" }, 2 },
	[HK_COUNT_UNTIL] = { "count_until", count_until,
			     sizeof(struct hk_count_until_args),
			     { "words", "stride", "ctl", "counts" }, 2 },
	[HK_SPIN_FLAG] = { "spin_flag", spin_flag,
			   sizeof(struct hk_spin_flag_args),
			   { "ctl", "in", "old", "out" }, 0 },
	[HK_LOOP] = { "loop", loop_forever, sizeof(struct hk_loop_args),
		      { "ctl" }, 0 },
	[HK_TRAP] = { "trap", trap, sizeof(struct hk_trap_args),
		      { "unused" }, 1 },
	[HK_LOAD_STORE] = { "load_store", load_store,
			    sizeof(struct hk_load_store_args),
			    { "src", "dst" }, 0 },
	[HK_ATOMIC_AT] = { "atomic_at", atomic_at,
			   sizeof(struct hk_atomic_at_args), { "addr" }, 0 },
	[HK_STREAM] = { "stream", stream, sizeof(struct hk_stream_args),
			{ "buf" }, 0 },
	[HK_NOP] = { "nop", nop, 0, { NULL }, 0 },
	[HK_TOUCH] = { "touch", touch, sizeof(struct hk_touch_args),
		       { "buf", "pages", "rounds", "out" }, 6 },
	[HK_LOCAL_SUM] = { "local_sum", local_sum,
			   sizeof(struct hk_local_sum_args), { "local", "out" }, 0 },
};

const char *hk_name(enum hk_id id)
{
	return id < HK_COUNT ? kernels[id].name : "?";
}

static void add_kernel(struct as *as, const struct kernel_desc *kd,
		       uint32_t function)
{
	struct hmm_builder *b = as->b;
	struct hmm_kernel k = {
		.name = hmm_builder_string(b, kd->name),
		.function = function,
		.arg_block_size = kd->args_size,
	};

	for (uint32_t i = 0; i < 4 && kd->args[i]; i++) {
		int scalar = kd->scalars >> i & 1;
		struct hmm_kernel_arg arg = {
			.name = hmm_builder_string(b, kd->args[i]),
			.type_name = hmm_builder_string(b, scalar ? "ulong" : "ulong*"),
			.kind = scalar ? HMM_ARG_SCALAR : HMM_ARG_GLOBAL_PTR,
			.offset = 8 * i,
			.size = 8,
		};
		uint32_t index = hmm_builder_arg(b, &arg);

		if (!k.num_args)
			k.first_arg = index;
		k.num_args++;
	}
	hmm_builder_kernel(b, &k);
}

int hk_build(struct hk_program *p, unsigned int mask)
{
	struct as as = { .b = hmm_builder_create() };
	int next = 0, err;

	memset(p, 0, sizeof(*p));
	if (!as.b)
		return -ENOMEM;
	for (int id = 0; id < HK_COUNT; id++) {
		const struct kernel_desc *kd = &kernels[id];
		struct hmm_function f = { 0 };

		p->kernel[id] = -1;
		if (!(mask & (1u << id)))
			continue;
		as.entry = hmm_builder_here(as.b);
		kd->emit(&as);
		f.entry = as.entry;
		f.end = hmm_builder_here(as.b);
		f.name = hmm_builder_string(as.b, kd->name);
		add_kernel(&as, kd, hmm_builder_function(as.b, &f));
		p->kernel[id] = next++;
		p->entry[id] = as.entry;
		p->args_size[id] = kd->args_size;
	}
	hmm_builder_set_num_regs(as.b, NUM_REGS);
	err = hmm_builder_finish(as.b, &p->image, &p->size);
	hmm_builder_destroy(as.b);
	if (!err && as.bad) {
		hk_free(p);
		abort();
	}
	return err;
}

void hk_free(struct hk_program *p)
{
	free(p->image);
	p->image = NULL;
	p->size = 0;
}
