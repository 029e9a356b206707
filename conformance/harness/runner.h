/* Internal interface between the runner (main.c) and the harness. */
#ifndef CONF_RUNNER_H
#define CONF_RUNNER_H

#include "harness.h"

void conf_test_cleanup(conf_t *t);

/* watchdog: aborts the run with a message when a test exceeds its bound */
void conf_watchdog_start(void);
void conf_watchdog_arm(const char *category, const char *test, unsigned seconds);
void conf_watchdog_disarm(void);
void conf_print_summary(void);

#endif
