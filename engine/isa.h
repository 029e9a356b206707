/* SPDX-License-Identifier: MIT */
/*
 * DOC: hmmcl device ISA, version 1.1
 *
 * The instruction set both hmmcl devices execute: the CPU device in
 * libhmmcl.so and the hmmgpu compute units inside hmmgpu.ko. This header is
 * the encoding; docs/isa.md is the specification (semantics, memory model,
 * the verifier's rules). It is shared by the compiler (which emits it), the
 * verifier (which proves it safe) and the executor (which runs it), and it
 * builds in the kernel: no libc beyond fixed-width integer types.
 *
 * Execution model: a work-group runs as one wave of lanes (one lane per
 * work-item). Every register is 64 bits wide and exists once per lane. An
 * instruction is executed for all lanes whose program counter is at it (the
 * active lanes); lanes diverge on branches and reconverge when the executor
 * steps the lanes with the lowest program counter first (docs/isa.md,
 * "Divergence").
 *
 * Values in registers are canonical: an integer of width w is stored
 * zero-extended to 64 bits, f32 in the low 32 bits (upper bits zero), f64 in
 * all 64, a bool as 0 or 1. Every instruction that produces a value of type
 * T leaves it canonical for T.
 */
#ifndef HMM_ISA_H
#define HMM_ISA_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define HMM_ISA_VERSION_MAJOR 1
#define HMM_ISA_VERSION_MINOR 2

/* Operand types (insn.type). */
enum hmm_type {
    HMM_T_NONE = 0,
    HMM_T_I8 = 1,
    HMM_T_I16 = 2,
    HMM_T_I32 = 3,
    HMM_T_I64 = 4,
    HMM_T_F16 = 5, /* storage only: LD/ST and CVT */
    HMM_T_F32 = 6,
    HMM_T_F64 = 7,
    HMM_T_COUNT
};

/* Address spaces (insn.mod of memory instructions). */
enum hmm_space {
    HMM_SPACE_GLOBAL = 0,   /* process virtual address, through device translation */
    HMM_SPACE_CONSTANT = 1, /* as global, read-only */
    HMM_SPACE_LOCAL = 2,    /* work-group arena, bounds-checked */
    HMM_SPACE_PRIVATE = 3,  /* per-lane arena, bounds-checked */
    HMM_SPACE_GENERIC = 4,  /* any of the above, chosen by the address tag */
    HMM_SPACE_COUNT
};

/*
 * Device addresses are 64-bit. Local and private addresses carry a tag in
 * bits 63..60 so that a generic pointer knows its space; global addresses
 * are process virtual addresses (tag 0). 0 is the null pointer of every
 * space. The offset below the tag indexes the arena.
 */
#define HMM_ADDR_TAG_SHIFT    60
#define HMM_ADDR_TAG_LOCAL    0xEull
#define HMM_ADDR_TAG_PRIVATE  0xFull
#define HMM_ADDR_LOCAL_BASE   (HMM_ADDR_TAG_LOCAL << HMM_ADDR_TAG_SHIFT)
#define HMM_ADDR_PRIVATE_BASE (HMM_ADDR_TAG_PRIVATE << HMM_ADDR_TAG_SHIFT)
#define HMM_ADDR_OFFSET_MASK  ((1ull << HMM_ADDR_TAG_SHIFT) - 1)

/*
 * Opcodes (insn.op). Operands: d = insn.dst, a/b/c = source registers,
 * imm = insn.imm, T = insn.type. "reg" operands are register indices.
 */
enum hmm_op {
    HMM_OP_NOP = 0,

    /* Moves and constants. */
    HMM_OP_MOV,  /* d = a */
    HMM_OP_MOVI, /* d = sign-extended imm, made canonical for T */
    HMM_OP_MOVK, /* d = literal pool[imm] (64 bits, taken as is) */

    /* Integer and float arithmetic on type T (int: I8..I64; float: F32, F64). */
    HMM_OP_ADD,   /* d = a + b (ints wrap) */
    HMM_OP_SUB,   /* d = a - b */
    HMM_OP_MUL,   /* d = a * b */
    HMM_OP_DIV,   /* float: a / b; int: see mod HMM_SIGNED; x/0 = 0, MIN/-1 = MIN */
    HMM_OP_REM,   /* float: fmod-like (sign of a); int: see mod; x%0 = 0, MIN%-1 = 0 */
    HMM_OP_NEG,   /* d = -a */
    HMM_OP_AND,   /* ints only: d = a & b */
    HMM_OP_OR,    /* d = a | b */
    HMM_OP_XOR,   /* d = a ^ b */
    HMM_OP_NOT,   /* d = ~a */
    HMM_OP_SHL,   /* d = a << (b mod width) */
    HMM_OP_SHR,   /* d = a >> (b mod width), arithmetic if mod has HMM_SIGNED */
    HMM_OP_MULHI, /* d = high half of a * b (mod HMM_SIGNED for signed) */
    HMM_OP_MIN,   /* ints: mod HMM_SIGNED; floats: IEEE minNum (fmin) */
    HMM_OP_MAX,
    HMM_OP_ABS, /* ints: |a| as unsigned; floats: fabs */

    /* d = (a cond b) ? 1 : 0 with cond = mod (enum hmm_cond), on type T. */
    HMM_OP_CMP,
    /* d = a ? b : c: a is a bool, true when the register is nonzero; 64 bits copied. */
    HMM_OP_SELECT,

    /*
     * Conversions: d (type T) from a (type mod, an enum hmm_type), flags
     * HMM_CVT_* (source/destination signedness, saturation, rounding mode).
     * Int to int: zero/sign extension or truncation. Float to int: rounds
     * toward zero unless a rounding mode is given; out-of-range results are
     * the saturated value with HMM_CVT_SAT and otherwise unspecified but
     * never a trap. NaN converts to 0.
     */
    HMM_OP_CVT,

    /* Math on floats of type T; imm selects the function (enum hmm_math). */
    HMM_OP_MATH,

    /*
     * Memory. Address = a + sign-extended imm, in space mod. Type T is the
     * access: I8..I64, F16 (2 bytes), F32, F64. LD zero-extends integers.
     */
    HMM_OP_LD, /* d = *(T *)(a + imm) */
    HMM_OP_ST, /* *(T *)(a + imm) = b */

    /*
     * Atomics on an I32 or I64 location at address a (no offset) in space
     * mod: d = old value. flags = enum hmm_atomic_op. imm = memory order in
     * bits 0..3 (enum hmm_order) and scope in bits 4..7 (enum hmm_scope).
     * CMPXCHG: if *a == c then *a = b; d = old. Other ops combine b.
     */
    HMM_OP_ATOMIC,
    /* Memory fence: imm as for atomics; flags = mask of 1 << enum hmm_space. */
    HMM_OP_FENCE,
    /*
     * Barrier: every lane of the work-group (mod HMM_EXEC_WORK_GROUP) or of the
     * lane's sub-group (mod HMM_EXEC_SUB_GROUP) waits here; then a fence with
     * imm/flags as FENCE.
     */
    HMM_OP_BARRIER,

    /* Work-item queries: d = value; imm = enum hmm_wi, mod = dimension 0..2. */
    HMM_OP_WI,
    /* d = kernel argument bytes [imm, imm + sizeof T) of the argument block. */
    HMM_OP_LDARG,
    /* d = program data segment's device address + imm (program-scope variables). */
    HMM_OP_DATA_ADDR,
    /* d = tagged private address of the lane's arena offset imm. */
    HMM_OP_PRIVATE_ADDR,
    /* d = tagged local address of the work-group's arena offset imm. */
    HMM_OP_LOCAL_ADDR,
    /* d = space tag of generic address a turned into an enum hmm_space (GLOBAL, LOCAL,
     * PRIVATE): OpGenericPtrMemSemantics and to-specific casts. */
    HMM_OP_SPACE_OF,

    /* Control flow. Targets are instruction indices inside the same function. */
    HMM_OP_BR,   /* pc = imm */
    HMM_OP_BRC,  /* if a (register nonzero) then pc = imm (else next) */
    HMM_OP_CALL, /* push return, pc = functions[imm].entry */
    HMM_OP_RET,  /* pop return; from the kernel's entry function: the lane is done */
    HMM_OP_TRAP, /* stop the work-group with an error (unreachable code); imm: a code for the
                    message */

    /* Bit counts on ints of type T (width w): CLZ(0) = CTZ(0) = w. */
    HMM_OP_CLZ,    /* d = leading zero bits of a */
    HMM_OP_CTZ,    /* d = trailing zero bits of a */
    HMM_OP_POPCNT, /* d = set bits of a */

    /*
     * Collective over the lanes of the work-group (mod HMM_EXEC_WORK_GROUP) or
     * of the lane's sub-group (mod HMM_EXEC_SUB_GROUP): every lane of that set
     * waits here like at a BARRIER; once all have arrived, d of each lane is
     * computed from a of all of them in lane (local linear id) order.
     * flags = enum hmm_group_op; imm = enum hmm_group_kind | HMM_GROUP_SIGNED
     * for ADD/MIN/MAX, 0 otherwise; BROADCAST reads the source lane's index in
     * the set from b (of the set's first lane).
     */
    HMM_OP_GROUP,

    HMM_OP_COUNT
};

/* insn.mod for DIV, REM, SHR, MULHI, MIN, MAX, ABS on integers. */
#define HMM_SIGNED 1

/* Comparison conditions (insn.mod of CMP). Float conditions are ordered unless U. */
enum hmm_cond {
    HMM_CC_EQ = 0,
    HMM_CC_NE,
    HMM_CC_LT, /* signed for ints */
    HMM_CC_LE,
    HMM_CC_GT,
    HMM_CC_GE,
    HMM_CC_ULT, /* unsigned for ints; unordered-or-less for floats */
    HMM_CC_ULE,
    HMM_CC_UGT,
    HMM_CC_UGE,
    HMM_CC_UEQ, /* floats: unordered or equal */
    HMM_CC_UNE, /* floats: unordered or not equal (C's !=) */
    HMM_CC_ORD, /* floats: neither is NaN */
    HMM_CC_UNO, /* floats: either is NaN */
    HMM_CC_COUNT
};

/* CVT flags. */
#define HMM_CVT_SRC_SIGNED  0x01
#define HMM_CVT_DST_SIGNED  0x02
#define HMM_CVT_SAT         0x04
#define HMM_CVT_ROUND_SHIFT 4
#define HMM_CVT_ROUND_MASK  0x70
enum hmm_round {
    HMM_ROUND_DEFAULT = 0, /* to nearest even for results that are floats, toward zero for ints */
    HMM_ROUND_RTE = 1,
    HMM_ROUND_RTZ = 2,
    HMM_ROUND_RTP = 3,
    HMM_ROUND_RTN = 4,
};

/* MATH functions (insn.imm); a, b, c are the arguments in order. */
enum hmm_math {
    HMM_MATH_FMA = 0, /* a * b + c, rounded once */
    HMM_MATH_MAD,     /* a * b + c, any precision */
    HMM_MATH_SQRT,    /* correctly rounded */
    HMM_MATH_FLOOR,
    HMM_MATH_CEIL,
    HMM_MATH_TRUNC,
    HMM_MATH_RINT,  /* to nearest even */
    HMM_MATH_ROUND, /* half away from zero */
    HMM_MATH_COPYSIGN,
    HMM_MATH_COUNT
};

/* ATOMIC operations (insn.flags). */
enum hmm_atomic_op {
    HMM_ATOMIC_LOAD = 0,
    HMM_ATOMIC_STORE, /* stores b; d = 0 (d is written) */
    HMM_ATOMIC_XCHG,
    HMM_ATOMIC_CMPXCHG,
    HMM_ATOMIC_ADD,
    HMM_ATOMIC_SUB,
    HMM_ATOMIC_AND,
    HMM_ATOMIC_OR,
    HMM_ATOMIC_XOR,
    HMM_ATOMIC_SMIN,
    HMM_ATOMIC_SMAX,
    HMM_ATOMIC_UMIN,
    HMM_ATOMIC_UMAX,
    HMM_ATOMIC_COUNT
};

enum hmm_order {
    HMM_ORDER_RELAXED = 0,
    HMM_ORDER_ACQUIRE,
    HMM_ORDER_RELEASE,
    HMM_ORDER_ACQ_REL,
    HMM_ORDER_SEQ_CST,
};

enum hmm_scope {
    HMM_SCOPE_WORK_ITEM = 0,
    HMM_SCOPE_SUB_GROUP,
    HMM_SCOPE_WORK_GROUP,
    HMM_SCOPE_DEVICE,
    HMM_SCOPE_ALL_SVM_DEVICES, /* coherent with host threads and every device */
};

/* Execution scope of BARRIER and GROUP (insn.mod). */
enum hmm_exec_scope {
    HMM_EXEC_WORK_GROUP = 0,
    HMM_EXEC_SUB_GROUP = 1,
};

/*
 * Sub-groups: consecutive runs of HMM_SUB_GROUP_SIZE lanes in local linear
 * order; the last one of a work-group is smaller when the work-group size
 * is not a multiple.
 */
#define HMM_SUB_GROUP_SIZE 32

/* GROUP operations (insn.flags). */
enum hmm_group_op {
    HMM_GROUP_ALL = 0,   /* d = 1 if a is nonzero in every lane, else 0 (T: an integer) */
    HMM_GROUP_ANY,       /* d = 1 if a is nonzero in some lane */
    HMM_GROUP_BROADCAST, /* d = a of lane b (an index into the set, I32 or I64 like T) */
    HMM_GROUP_ADD,       /* ints wrap; floats add in lane order */
    HMM_GROUP_MIN,       /* ints: HMM_GROUP_SIGNED in imm; floats: minNum as MIN */
    HMM_GROUP_MAX,
    HMM_GROUP_COUNT
};

/* GROUP kinds (insn.imm bits 0..3 for ADD, MIN, MAX). */
enum hmm_group_kind {
    HMM_GROUP_REDUCE = 0,    /* every lane gets the combination of all */
    HMM_GROUP_INCLUSIVE = 1, /* lane i gets the combination of lanes 0..i */
    HMM_GROUP_EXCLUSIVE = 2, /* lane i gets that of lanes 0..i-1 (lane 0: the identity) */
};
#define HMM_GROUP_SIGNED 0x10 /* imm: integer MIN/MAX compare signed */

/* Work-item queries (insn.imm of WI); per dimension (insn.mod) where it applies. */
enum hmm_wi {
    HMM_WI_GLOBAL_ID = 0,
    HMM_WI_LOCAL_ID,
    HMM_WI_GROUP_ID,
    HMM_WI_GLOBAL_SIZE,
    HMM_WI_LOCAL_SIZE, /* of this work-group (smaller at a non-uniform edge) */
    HMM_WI_ENQUEUED_LOCAL_SIZE,
    HMM_WI_NUM_GROUPS,
    HMM_WI_GLOBAL_OFFSET,
    HMM_WI_WORK_DIM, /* no dimension */
    HMM_WI_GLOBAL_LINEAR_ID,
    HMM_WI_LOCAL_LINEAR_ID,
    /* Sub-groups (no dimension). */
    HMM_WI_SUB_GROUP_SIZE,          /* of the lane's sub-group */
    HMM_WI_MAX_SUB_GROUP_SIZE,      /* min(HMM_SUB_GROUP_SIZE, enqueued work-group size) */
    HMM_WI_NUM_SUB_GROUPS,          /* in this work-group */
    HMM_WI_ENQUEUED_NUM_SUB_GROUPS, /* in a work-group of the enqueued size */
    HMM_WI_SUB_GROUP_ID,            /* local linear id / HMM_SUB_GROUP_SIZE */
    HMM_WI_SUB_GROUP_LOCAL_ID,      /* local linear id % HMM_SUB_GROUP_SIZE */
    HMM_WI_COUNT
};

/* One instruction: 16 bytes, little-endian in images. */
struct hmm_insn {
    uint8_t op;    /* enum hmm_op */
    uint8_t type;  /* enum hmm_type */
    uint8_t mod;   /* op-specific: space, condition, source type, HMM_SIGNED, dimension */
    uint8_t flags; /* op-specific: CVT flags, atomic op, fence spaces */
    uint16_t dst;
    uint16_t a;
    uint16_t b;
    uint16_t c;
    int32_t imm;
};

#define HMM_MAX_REGS       65535
#define HMM_MAX_CALL_DEPTH 32

#endif
