/* SPDX-License-Identifier: MIT */
/*
 * Shared state of the SPIR-V lowering (spirv_lower.c drives it; the
 * lower_*.c files lower one family of instructions each; lower_util.c has
 * the helpers all of them use, and depends on none of them).
 *
 * DOC: register model of the lowering
 *
 * Registers are global to the program. Every SPIR-V value (result id,
 * function parameter) gets its own registers, one per scalar leaf of its
 * type: a float4 takes four, a struct { int a; float2 b; } three, a bool one
 * (0 or 1, typed I8). Constants, OpUndef and module-scope variable addresses
 * used by a function get registers of that function, filled by a prologue
 * the function runs on entry. Temporaries live only while one SPIR-V
 * instruction is lowered: they are numbered downwards from 65535 while
 * emitting and renumbered above the value registers at the end, so every
 * instruction reuses the same few. No temporary is live across a CALL.
 *
 * Calls: arguments are MOV'd into the callee's parameter registers, CALL,
 * and the result MOV'd out of the callee's return registers (written by
 * OpReturnValue). There is no recursion (rejected with a message), so a
 * function's registers and private frame are never live twice.
 *
 * Private memory: each function's Function-storage variables form its
 * frame; a frame starts after the frames of every function that can call
 * it, so the frames of one call chain never overlap and a kernel's private
 * size is the deepest chain.
 *
 * Kernels: for each OpEntryPoint a stub function loads the arguments from
 * the argument block (LDARG) into the entry function's parameter registers
 * (copying ByVal structs into the stub's private frame and passing their
 * private address), calls the entry function and returns.
 */
#ifndef HMM_LOWER_INTERNAL_H
#define HMM_LOWER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <spirv/unified1/spirv.h>

#include "compiler/spirv_module.h"
#include "engine/builder.h"
#include "engine/isa.h"

#define LOWER_TEMP_TOP   65535u /* temporaries count down from here */
#define LOWER_MAX_LEAVES 4096   /* largest value (scalar leaves) kept in registers */

struct lower_fn {
    bool reachable;
    uint32_t index; /* hmm function index */
    uint32_t frame_size;
    uint32_t frame_align;
    uint32_t private_offset;
    uint32_t ret_reg; /* first return register */
    uint32_t *callees;
    uint32_t ncallees;
    uint32_t *locals; /* Workgroup variables it addresses */
    uint32_t nlocals;
    const char *name;
    bool printf; /* calls printf (lower_printf.c) */
};

struct lower_fixup {
    uint32_t insn;  /* branch to patch */
    uint32_t block; /* target block index */
};

/* A LOCAL_ADDR whose offset is known once every kernel's __local layout is (layout_locals). */
struct lower_local_ref {
    uint32_t insn;
    uint32_t var; /* Workgroup variable id */
};

struct lower {
    struct spv_module *m;
    struct hmm_builder *b;
    char *log;
    size_t log_size;
    int err; /* first error; sticky */

    uint32_t *reg; /* [bound] first register + 1 of a value (program-wide) */
    uint32_t next_reg;
    uint32_t ntemps;    /* temporaries in use by the current instruction */
    uint32_t max_temps; /* over the whole program */
    uint32_t *var_off;  /* [bound] data/local/private offset of a variable */
    /* Register (+ 1, 0 if none yet) holding the printf buffer address: every kernel stub
     * that reaches a printf loads it from its hidden argument (lower_printf.c). */
    uint32_t printf_reg;
    struct lower_fn *fns;
    struct lower_local_ref *local_refs;
    uint32_t nlocal_refs, cap_local_refs;
    uint32_t *kernel_local; /* [num_entries] static __local bytes of each kernel */

    /* The function being lowered. */
    struct spv_function *f;
    struct lower_fn *lf;
    uint32_t *fconst; /* [bound] register + 1 of a constant/global in this function */
    uint32_t *fconst_list;
    uint32_t nfconst, cap_fconst;
    uint32_t *block_insn; /* [nblocks] first instruction of each block */
    struct lower_fixup *fixups;
    uint32_t nfixups, cap_fixups;
    const struct spv_inst *in; /* being lowered, for messages */
    uint32_t fn_entry;         /* first instruction of the function */
    /* Defined functions by built-in name, built on first use (lower_ext.c). */
    struct lower_fn_names *fn_names;
};

/* Fold every OpSpecConstantOp into a scalar or an address constant (lower_const.c). */
void lower_fold_constants(struct lower *L);

/*
 * Whether @vec is a load of a per-dimension built-in (get_global_size() and
 * the like), and then the value OpenCL C defines for a dimension past the
 * last (1 for sizes and counts, 0 for ids and offsets) into @value.
 */
bool lower_builtin_default(struct lower *L, uint32_t vec, uint64_t *value);

/* Record the first error: "<message> in function <f> (line N)". Returns -EINVAL. */
int lower_fail(struct lower *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Operand @k of @in (0 and an error if the instruction is too short). */
uint32_t lower_op(struct lower *L, const struct spv_inst *in, uint32_t k);

uint32_t lower_emit(struct lower *L, uint8_t op, uint8_t type, uint8_t mod, uint8_t flags,
                    uint32_t d, uint32_t a, uint32_t b, uint32_t c, int32_t imm);
uint32_t lower_temp(struct lower *L);
/* @n fresh value registers (program-wide). */
uint32_t lower_new_regs(struct lower *L, uint32_t n);
/* Registers of value @id as an operand (materialising constants and globals). */
uint32_t lower_val(struct lower *L, uint32_t id);
/* Registers for the result @id. */
uint32_t lower_def(struct lower *L, uint32_t id);
/* Type id of value @id (0 and an error if it has none). */
uint32_t lower_type_of(struct lower *L, uint32_t id);
/* The type of @id laid out (NULL and an error if not a type). */
struct spv_type *lower_type(struct lower *L, uint32_t id);
/* Scalar leaves of a value of type @tid (error if too many). */
uint32_t lower_leaves(struct lower *L, uint32_t tid);
/* The scalar type of leaf @k of type @tid and its byte offset in memory. */
uint32_t lower_leaf(struct lower *L, uint32_t tid, uint32_t k, uint32_t *offset);
/* The component type of a vector, or @tid itself. */
uint32_t lower_scalar_of(struct lower *L, uint32_t tid);
/* hmm_type of a scalar SPIR-V type (bool: I8, pointers: I64). */
uint8_t lower_hty(struct lower *L, uint32_t scalar_tid);
/* A temporary holding constant @v of @hty. */
/* Constant @v of scalar type @hty into register @d (MOVI, or MOVK from the literal pool). */
void lower_emit_const(struct lower *L, uint32_t d, uint8_t hty, uint64_t v);
uint32_t lower_const_temp(struct lower *L, uint8_t hty, uint64_t v);
/* MOV @n registers. */
void lower_mov(struct lower *L, uint32_t d, uint32_t s, uint32_t n);
/* The value of constant @id as an integer (error if not a scalar constant). */
uint64_t lower_const_value(struct lower *L, uint32_t id);
bool lower_is_const(struct lower *L, uint32_t id);
/* Address space of a pointer type's storage class (error for unsupported ones). */
uint8_t lower_space(struct lower *L, uint32_t storage);
/* Mark Workgroup variable @id as used by the current function. */

/* Bits of @v as a float of type @hty (F32 or F64). */
uint64_t lower_float_bits(uint8_t hty, double v);

/* Families: return true if @in was theirs (errors are in L->err). */
bool lower_arith(struct lower *L, const struct spv_inst *in);
bool lower_composite(struct lower *L, const struct spv_inst *in);
bool lower_convert(struct lower *L, const struct spv_inst *in);
bool lower_memory(struct lower *L, const struct spv_inst *in);
bool lower_atomic(struct lower *L, const struct spv_inst *in);
bool lower_extinst(struct lower *L, const struct spv_inst *in);
/*
 * An OpenCL.std instruction in registers: its result and its first three
 * arguments. A scalar argument of a vector instruction is one register,
 * used for every component (lower_ext_arg).
 */
struct lower_ext {
    const struct spv_inst *in;
    uint32_t d;     /* result registers */
    uint32_t n;     /* result leaves */
    uint32_t r[3];  /* argument registers */
    uint32_t na[3]; /* argument leaves */
    uint8_t hty;    /* scalar type of the result */
    uint8_t ahty;   /* scalar type of the first argument */
};

/* Register of component @k of argument @i. */
static inline uint32_t lower_ext_arg(const struct lower_ext *x, int i, uint32_t k)
{
    return x->na[i] == 1 ? x->r[i] : x->r[i] + k;
}

/* Fill @x for @in (which has a result): result registers, then up to @max_args (<= 3) arguments. */
void lower_ext_gather(struct lower *L, const struct spv_inst *in, uint32_t max_args,
                      struct lower_ext *x);

/* OpenCL.std integer built-ins and shuffles (lower_ext_int.c); false if @op is not one. */
bool lower_ocl_int(struct lower *L, const struct spv_inst *in, uint32_t op);
/* Is @op one lower_ocl_int() lowers? */
bool lower_ocl_int_has(uint32_t op);

/*
 * Call function @fi with argument values @args, the result (if the callee
 * returns one) into value @rid of type @rtype.
 */
void lower_emit_call(struct lower *L, uint32_t fi, const uint32_t *args, uint32_t nargs,
                     uint32_t rtype, uint32_t rid);
/*
 * The function of the built-in library (compiler/builtins.h) an OpExtInst
 * becomes a call to, or -1 if it is none: an OpenCL.std instruction with no
 * ISA lowering whose name and signature a function of the module has.
 */
int32_t lower_ext_library_fn(struct lower *L, const struct spv_inst *in);
/* Free what lower_ext_library_fn built (L->fn_names). */
void lower_ext_free(struct lower *L);
bool lower_group(struct lower *L, const struct spv_inst *in);
/* OpenCL.std printf (called by lower_extinst). */
bool lower_printf(struct lower *L, const struct spv_inst *in);

/* Load/store a value of type @tid at address register @addr + @off in @space. */
void lower_load_value(struct lower *L, uint32_t tid, uint32_t dst, uint32_t addr, int32_t off,
                      uint8_t space);
void lower_store_value(struct lower *L, uint32_t tid, uint32_t src, uint32_t addr, int32_t off,
                       uint8_t space);

#endif
