/* SPDX-License-Identifier: MIT */
/*
 * A large generated OpenCL C program, for measuring cold builds: @units
 * units of five helper functions, a kernel and five library functions
 * (about 262 lines a unit). The helpers use switches with shared case
 * targets and fall-through, loops with several exits, private arrays,
 * vectors and math built-ins; four are noinline, so the compiled module
 * keeps them as functions, and each kernel also calls the previous unit's,
 * so the call graph grows with the program. No kernel calls the library
 * functions, as in programs that include a large shared header. The same
 * @units gives the same text.
 */
#ifndef HMMCL_BENCH_LARGE_PROGRAM_H
#define HMMCL_BENCH_LARGE_PROGRAM_H

/*
 * The source (malloc'd, NUL-terminated), or NULL when out of memory: @units
 * units, then @library more units of library functions only (no kernel),
 * for the shape of a program that includes a large shared header and uses
 * little of it.
 */
char *large_program(unsigned units, unsigned library);

/* Lines in @src. */
unsigned large_program_lines(const char *src);

/* The name of unit @i's kernel ("k<i>") in @buf. */
void large_program_kernel(unsigned i, char *buf, unsigned size);

#endif
