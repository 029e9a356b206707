/* SPDX-License-Identifier: MIT */
/*
 * Debug logging. HMMCL_DEBUG=1 (or "api") in the environment logs every
 * error an entry point returns, by name, with the reason; HMMCL_DEBUG=time
 * logs how long each step of a program build takes instead ("api,time":
 * both); nothing is printed otherwise.
 */
#ifndef HMMCL_UTIL_LOG_H
#define HMMCL_UTIL_LOG_H

#include <stdbool.h>

#include "util/cl.h"

const char *hmmcl_error_name(cl_int err);
bool hmmcl_log_enabled(void);
void hmmcl_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hmmcl: <func>: <CL_ERROR_NAME>: <reason>" */
void hmmcl_log_error(const char *func, cl_int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Build-step timing: t = hmmcl_log_time_start(); <step>; hmmcl_log_time("clang-15", t)
 * logs "hmmcl: time clang-15 1.234 s" when HMMCL_DEBUG has "time" (start is 0 otherwise).
 */
double hmmcl_log_time_start(void);
void hmmcl_log_time(const char *step, double start);

/*
 * One error tail per entry point: set `err`, log why, jump to `error`.
 *   if (!size) HMMCL_FAIL(CL_INVALID_BUFFER_SIZE, "size is 0");
 */
#define HMMCL_FAIL(code, ...)                                                                      \
    do {                                                                                           \
        err = (code);                                                                              \
        if (hmmcl_log_enabled())                                                                   \
            hmmcl_log_error(__func__, err, __VA_ARGS__);                                           \
        goto error;                                                                                \
    } while (0)

/* For entry points that return the error code directly. */
#define HMMCL_RETURN_ERROR(code, ...)                                                              \
    do {                                                                                           \
        if (hmmcl_log_enabled())                                                                   \
            hmmcl_log_error(__func__, (code), __VA_ARGS__);                                        \
        return (code);                                                                             \
    } while (0)

/* Store @err through @errcode_ret if the application passed one. */
static inline void hmmcl_set_errcode(cl_int *errcode_ret, cl_int err)
{
    if (errcode_ret)
        *errcode_ret = err;
}

#endif
