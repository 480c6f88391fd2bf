// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: pages read back their own contents through mappings, from
 * outside the enclave, and the EPC is counted with the model's counters.
 *
 * Randomized stress of the SGX driver: several processes, several threads
 * each, building enclaves through /dev/sgx_enclave and, in random order,
 * adding pages (R, RW, RX, RWX, TCS), EINIT, faulting in run-time (EAUG)
 * pages, RESTRICT_PERMISSIONS, MODIFY_TYPES, REMOVE_PAGES, mmap, mprotect,
 * mremap, munmap, fork, /proc/self/mem and close.  The kernel may refuse
 * any of it; what must hold all along:
 *
 *  - no page table entry of an enclave page exceeds the page's maximum
 *    protections: a write (or call) through a mapping goes through only if
 *    the page may be written (executed), also after mremap moved it;
 *  - /proc/self/mem reaches only debug enclaves;
 *  - nothing goes through at an address of the reservation outside the
 *    enclave, and pages read back their own contents;
 *
 * and afterwards the model's EPC holds as many valid pages as before.
 *
 * STRESS_SEED (default: the time) makes a run replay: the same enclave
 * layouts, and for every process, thread and n-th operation the same
 * random choices; how the threads interleave is the scheduler's.
 * STRESS_SECONDS (default 60) bounds the run; STRESS_MIN_OPS (default
 * 100000) is how many operations it must get done.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mem_probe.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "model_counters.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "stress_rng.h"
#include "stress_tmpl.h"
#include "tap.h"

#define NPROC 3
#define NTHREAD 3
#define NSLOTS 4		/* enclaves alive at a time, per process */
#define NTMPL 12		/* layouts drawn from the seed */
#define CHUNK 4			/* pages per ADD_PAGES at most */
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)
#define NERRNO 134		/* errno values counted one by one */
#define NOP_BYTE 0x90		/* what probes write: harmless if executed */

enum op {
	OP_CREATE, OP_ADD, OP_INIT, OP_MMAP, OP_MPROTECT, OP_MUNMAP, OP_MREMAP,
	OP_PROBE, OP_RESTRICT, OP_MODTYPE, OP_REMOVE, OP_PROCMEM, OP_FORK,
	OP_CLOSE, OP_DESTROY, NOPS
};

static const char *const op_name[NOPS] = {
	"create", "add_pages", "init", "mmap", "mprotect", "munmap", "mremap",
	"probe", "restrict", "modify_types", "remove_pages", "proc_mem",
	"fork", "close", "destroy",
};

enum access { A_READ, A_WRITE, A_EXEC, NACCESS };

/* Kinds of violated invariants, each its own check. */
enum viol {
	V_PROT, V_MOVED, V_PROCMEM, V_OUTSIDE, V_CONTENT, V_CHILD, V_API, NVIOL
};

static const char *const viol_check[NVIOL] = {
	"no enclave page was written or executed beyond its maximum protections",
	"no page moved by mremap was written or executed beyond its maximum",
	"/proc/self/mem reached no page of a non-debug enclave",
	"no access went through outside an enclave's range",
	"enclave pages read back their own contents",
	"fork children probed enclaves and exited cleanly",
	"no ADD_PAGES after EINIT, no REMOVE_PAGES without EACCEPT",
};

struct stats {
	unsigned long long ops;
	unsigned long long outcome[NOPS][NERRNO];	/* [op][0]: success */
	unsigned long long probe[NACCESS][3];	/* went through, SIGSEGV, SIGBUS */
	unsigned long long hole_reads;	/* reads of EAUG pages that went through */
	unsigned long long moved;	/* mremap moves the kernel allowed */
	unsigned long long viol[NVIOL];
};

/* What a probe may assume about a page's contents. */
enum kind {
	K_HOLE,		/* no page added: none, or an EAUG page of zeros */
	K_REG,		/* added regular page: 'ret' and its index (stress_tmpl.h) */
	K_TCS,		/* added TCS: 'ret', no index */
	K_MODIFIED,	/* EMODT made it TCS or TRIM: MODIFIED until an EACCEPT
			 * that nothing here runs, so EDBGRD reads none of it */
};

/*
 * One enclave.  life is held for reading while the enclave is used and
 * for writing while it is created, closed, destroyed or remapped.  The
 * maxima are upper bounds of the kernel's (vm_max_prot_bits): raised
 * before an ioctl that may raise them, lowered after one that lowered
 * them, so a probe may use the value it read when it started.
 */
struct slot {
	pthread_rwlock_t life;
	pthread_mutex_t track;	/* held across ioctls that change maxima */
	bool live;
	bool orderly;		/* pages added in template order: EINIT can pass */
	atomic_bool inited;
	atomic_bool tainted;	/* a hole in its range got anonymous memory */
	const struct stress_tmpl *t;
	struct sgx_loaded ld;	/* ld.fd is -1 once closed */
	unsigned id;
	size_t next_range;	/* orderly build progress, under track */
	uint64_t next_page;
	_Atomic uint8_t max[STRESS_MAX_PAGES];	/* PROT_* */
	_Atomic uint8_t kind[STRESS_MAX_PAGES];
};

/* Shared by all processes of the run. */
struct shared {
	atomic_uint told;	/* violations told so far */
	struct stats res[NPROC];
};

struct worker {
	struct stress_rng rng;	/* the thread's stream: one draw per operation */
	struct stress_rng op;	/* the operation's, seeded by that draw */
	unsigned proc, thread;
	bool in_child;		/* a fork child: no locks, no stdio */
	enum op cur;		/* the operation under way, for messages */
	struct stats st;
	uint8_t *src;		/* CHUNK page-aligned pages for ADD_PAGES */
	pthread_t tid;
};

static struct stress_tmpl tmpls[NTMPL];
static struct shared *shared;
/* Per worker process: */
static struct slot slots[NSLOTS];
/*
 * Read: may leave a hole in a reservation for a moment (MAP_FIXED that
 * fails, munmap) before filling it again, or give a whole reservation
 * back (destroy).  Write: may take address space anywhere (a new
 * reservation, mremap), which must not land in such a hole.  Whoever
 * releases va_lock leaves every live slot's reservation wholly mapped: a
 * hole left there would let the next reservation land in it, and the two
 * slots would then unmap and refill each other's pages without the other's
 * life lock.
 */
static pthread_rwlock_t va_lock;
static int mem_fd = -1;
static struct timespec deadline;
static atomic_uint next_id;

/* ---- small helpers ---- */

static uint64_t rnd(struct worker *w, uint64_t n)
{
	return stress_rng_below(&w->op, n);
}

static bool one_in(struct worker *w, uint64_t n)
{
	return stress_rng_one_in(&w->op, n);
}

static void count(struct worker *w, enum op op, int err)
{
	w->st.ops++;
	w->st.outcome[op][err > 0 && err < NERRNO ? err : 0]++;
}

static void count_probe(struct worker *w, enum access a, bool ok, int sig)
{
	w->st.probe[a][ok ? 0 : sig == SIGBUS ? 2 : 1]++;
}

static void violation(struct worker *w, enum viol v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Counts it; tells the first few, with what a replay needs. */
static void violation(struct worker *w, enum viol v, const char *fmt, ...)
{
	char msg[400], line[512];
	va_list ap;
	int n;

	/* The first few tell enough; a broken kernel would flood the log. */
	if (++w->st.viol[v] > 5 || atomic_fetch_add(&shared->told, 1) >= 40)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = snprintf(line, sizeof(line), "# violation (process %u thread %u%s, op %llu, %s): %s\n",
		     w->proc, w->thread, w->in_child ? " fork child" : "", w->st.ops,
		     op_name[w->cur], msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	/* One write: lines of several threads and processes stay whole. */
	(void)!write(STDOUT_FILENO, line, (size_t)n);
}

static bool past_deadline(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

static void rwlock_init(pthread_rwlock_t *l)
{
	pthread_rwlockattr_t a;

	/* Writers must not starve behind a stream of readers. */
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(l, &a);
	pthread_rwlockattr_destroy(&a);
}

static uint8_t *page_addr(const struct slot *s, int64_t page)
{
	return s->ld.base + page * (int64_t)SGX_PAGE_SIZE;
}

/* The reservation's pages, relative to the enclave base: [lo, hi). */
static void res_bounds(const struct slot *s, int64_t *lo, int64_t *hi)
{
	*lo = -(int64_t)((s->ld.base - (uint8_t *)s->ld.reservation) / SGX_PAGE_SIZE);
	*hi = *lo + (int64_t)(s->ld.reservation_len / SGX_PAGE_SIZE);
}

static int rand_prot(struct worker *w)
{
	static const int prots[8] = {
		PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
		PROT_READ | PROT_EXEC, RWX, PROT_WRITE, PROT_EXEC,
		PROT_WRITE | PROT_EXEC,
	};

	return prots[rnd(w, 8)];
}

/*
 * A few pages [*first, *first + *n): inside the enclave, or, if outside,
 * possibly reaching into the rest of the reservation.
 */
static void pick_range(struct worker *w, const struct slot *s, bool outside,
		       int64_t *first, uint64_t *n)
{
	int64_t pages = (int64_t)s->t->pages, lo = 0, hi = pages;

	*n = one_in(w, 8) ? 1 + rnd(w, pages) : 1 + rnd(w, CHUNK);
	*first = (int64_t)rnd(w, pages);
	if (outside && one_in(w, 6)) {
		res_bounds(s, &lo, &hi);
		*first += (int64_t)rnd(w, 5) - 2;
		*first = *first < lo ? lo : *first >= hi ? hi - 1 : *first;
	}
	if (*first + (int64_t)*n > hi)
		*n = hi - *first;
}

/* ---- keeping the address space ours ---- */

/*
 * Ends a worker process that cannot go on; the parent reports it.  Not
 * tap_bail(): a worker's own TAP plan would garble the parent's.
 */
static void die(const char *what)
{
	tap_diag("worker process %d: %s: %s", (int)getpid(), what, strerror(errno));
	_exit(2);
}

static void anon_fill(uint8_t *addr, size_t len)
{
	if (mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		 -1, 0) == MAP_FAILED)
		die("cannot fill the reservation with anonymous memory");
}

/*
 * Maps [first, first + n) again after a MAP_FIXED or munmap that may have
 * left a hole: the enclave's part PROT_NONE from the enclave, the rest of
 * the reservation anonymous.  Anonymous memory in the enclave's range
 * would read as zeros, so it taints the slot first.
 */
static void refill(struct slot *s, int64_t first, uint64_t n)
{
	int64_t pages = (int64_t)s->t->pages, end = first + (int64_t)n;
	int64_t in_lo = first < 0 ? 0 : first, in_hi = end > pages ? pages : end;

	if (first < 0)
		anon_fill(page_addr(s, first), (size_t)((in_lo < end ? in_lo : end) - first) * SGX_PAGE_SIZE);
	if (end > pages) {
		int64_t from = first > pages ? first : pages;

		anon_fill(page_addr(s, from), (size_t)(end - from) * SGX_PAGE_SIZE);
	}
	if (in_lo >= in_hi)
		return;
	if (s->ld.fd >= 0 &&
	    mmap(page_addr(s, in_lo), (size_t)(in_hi - in_lo) * SGX_PAGE_SIZE, PROT_NONE,
		 MAP_SHARED | MAP_FIXED, s->ld.fd, 0) != MAP_FAILED)
		return;
	atomic_store(&s->tainted, true);
	anon_fill(page_addr(s, in_lo), (size_t)(in_hi - in_lo) * SGX_PAGE_SIZE);
}

/* ---- probes and the invariant ---- */

/* A page outside the enclave's range: nothing may go through. */
static void probe_outside(struct worker *w, struct slot *s, int64_t page)
{
	uint8_t *a = page_addr(s, page), v;
	bool ok, wrote;
	int sig;

	ok = probe_read(a, &v, &sig);
	count_probe(w, A_READ, ok, sig);
	wrote = probe_write(a + 64, NOP_BYTE, &sig);
	count_probe(w, A_WRITE, wrote, sig);
	if (ok || wrote)
		violation(w, V_OUTSIDE, "enclave %u page %lld, outside its %llu pages: a %s went through",
			  s->id, (long long)page, (unsigned long long)s->t->pages,
			  ok ? "read" : "write");
}

/* Reads page's index mark; true if the read went through. */
static bool probe_id(struct worker *w, struct slot *s, int64_t page,
		     enum kind k, uint8_t max)
{
	uint8_t id[8];
	int sig;
	bool ok = probe_copy(id, page_addr(s, page) + STRESS_ID_OFF, sizeof(id), &sig);

	count_probe(w, A_READ, ok, sig);
	if (!ok || atomic_load(&s->tainted))
		return ok;
	if (k == K_REG && stress_page_id(id) != page)
		violation(w, V_CONTENT, "enclave %u page %lld (%s) reads as page %lld",
			  s->id, (long long)page, sgx_prot_str(max),
			  (long long)stress_page_id(id));
	if (k == K_HOLE && atomic_load(&s->inited))
		w->st.hole_reads++;
	return ok;
}

/*
 * Reads, writes and calls one page of the enclave; a write or call that
 * goes through is a violation unless the page's maximum allows it.
 * Only pages known to start with 'ret' are called.
 */
static void probe_page(struct worker *w, struct slot *s, int64_t page)
{
	uint8_t max, *a = page_addr(s, page);
	enum kind k;
	int sig;
	bool ok;

	if (page < 0 || page >= (int64_t)s->t->pages) {
		probe_outside(w, s, page);
		return;
	}
	max = atomic_load(&s->max[page]);
	k = atomic_load(&s->kind[page]);
	probe_id(w, s, page, k, max);
	ok = probe_write(a + 64 + rnd(w, SGX_PAGE_SIZE - 64), NOP_BYTE, &sig);
	count_probe(w, A_WRITE, ok, sig);
	if (ok && !(max & PROT_WRITE) && !atomic_load(&s->tainted))
		violation(w, V_PROT, "enclave %u page %lld: a write went through, maximum %s",
			  s->id, (long long)page, sgx_prot_str(max));
	if (k == K_HOLE)
		return;
	ok = probe_exec(a, &sig);
	count_probe(w, A_EXEC, ok, sig);
	if (ok && !(max & PROT_EXEC) && !atomic_load(&s->tainted))
		violation(w, V_PROT, "enclave %u page %lld: a call went through, maximum %s",
			  s->id, (long long)page, sgx_prot_str(max));
}

/* A few pages of [first, first + n), after mmap or mprotect allowed it. */
static void probe_range(struct worker *w, struct slot *s, int64_t first, uint64_t n)
{
	uint64_t i;

	if (n <= 3) {
		for (i = 0; i < n; i++)
			probe_page(w, s, first + (int64_t)i);
		return;
	}
	for (i = 0; i < 3; i++)
		probe_page(w, s, first + (int64_t)rnd(w, n));
}

/* ---- building ---- */

/* Pages [first, first + n) were added with these SECINFO flags. */
static void publish_added(struct slot *s, int64_t first, uint64_t n, uint64_t flags)
{
	bool tcs = (flags & SGX_SECINFO_TYPE_MASK) == SGX_SECINFO_TYPE(SGX_PT_TCS);
	uint64_t i;

	for (i = 0; i < n && first + (int64_t)i < (int64_t)s->t->pages; i++) {
		atomic_store(&s->max[first + i], (uint8_t)sgx_max_prot(flags));
		atomic_store(&s->kind[first + i], tcs ? K_TCS : K_REG);
	}
}

static int add_pages(struct slot *s, const uint8_t *src, int64_t first, uint64_t n,
		     uint64_t flags, uint64_t measure, uint64_t *added)
{
	struct sgx_secinfo si;
	int ret;

	memset(&si, 0, sizeof(si));
	si.flags = flags;
	*added = 0;
	ret = sgx_ioc_add_pages(s->ld.fd, src, (uint64_t)first * SGX_PAGE_SIZE, n * SGX_PAGE_SIZE, &si,
				measure, added);
	*added /= SGX_PAGE_SIZE;
	return ret ? errno : 0;
}

/* The next pages of the template, in its order, so EINIT can pass. */
static void op_add_orderly(struct worker *w, struct slot *s)
{
	const struct sgx_range *r;
	uint64_t n, added;
	int64_t first;
	int err;

	if (pthread_mutex_trylock(&s->track))
		return;
	if (s->next_range == s->t->encl.nranges) {
		pthread_mutex_unlock(&s->track);
		return;
	}
	r = &s->t->encl.ranges[s->next_range];
	n = 1 + rnd(w, r->pages - s->next_page < CHUNK ? r->pages - s->next_page : CHUNK);
	memcpy(w->src, r->data + s->next_page * SGX_PAGE_SIZE, n * SGX_PAGE_SIZE);
	first = (int64_t)(r->offset / SGX_PAGE_SIZE + s->next_page);
	err = add_pages(s, w->src, first, n, r->secinfo_flags, SGX_PAGE_MEASURE, &added);
	publish_added(s, first, added, r->secinfo_flags);
	s->next_page += added;
	if (s->next_page == r->pages) {
		s->next_range++;
		s->next_page = 0;
	}
	pthread_mutex_unlock(&s->track);
	count(w, OP_ADD, err);
}

static uint64_t rand_secinfo(struct worker *w)
{
	static const uint64_t flags[] = {
		SGX_SECINFO_R, SGX_SECINFO_R | SGX_SECINFO_W,
		SGX_SECINFO_R | SGX_SECINFO_X,
		SGX_SECINFO_R | SGX_SECINFO_W | SGX_SECINFO_X,
		SGX_SECINFO_W,			/* W without R: EINVAL */
		SGX_SECINFO_R | 0x10000,	/* reserved bit: EINVAL */
	};
	uint64_t pick = rnd(w, 8);

	if (pick == 6)
		return SGX_SECINFO_TYPE(SGX_PT_TCS);
	if (pick == 7)
		return SGX_SECINFO_TYPE(SGX_PT_TCS) | SGX_SECINFO_R;	/* EINVAL */
	return SGX_SECINFO_TYPE(SGX_PT_REG) | flags[pick];
}

/* Pages anywhere, of any kind, or bad requests: EINIT will refuse. */
static void op_add_chaotic(struct worker *w, struct slot *s)
{
	uint64_t flags = rand_secinfo(w), n = 1 + rnd(w, CHUNK), added, i;
	int64_t first = (int64_t)rnd(w, s->t->pages + 2);
	bool tcs = (flags & SGX_SECINFO_TYPE_MASK) == SGX_SECINFO_TYPE(SGX_PT_TCS);
	bool was_inited = atomic_load(&s->inited);
	const uint8_t *src = w->src;
	int err;

	for (i = 0; i < n; i++) {
		if (tcs)
			stress_tcs_fill(w->src + i * SGX_PAGE_SIZE, (uint64_t)(first + (int64_t)i + 1) * SGX_PAGE_SIZE);
		else
			stress_page_fill(w->src + i * SGX_PAGE_SIZE, (uint64_t)first + i);
	}
	if (one_in(w, 32))
		src += 64;	/* misaligned: EINVAL */
	pthread_mutex_lock(&s->track);
	err = add_pages(s, src, first, n, flags, one_in(w, 2) ? SGX_PAGE_MEASURE : 0, &added);
	publish_added(s, first, added, flags);
	pthread_mutex_unlock(&s->track);
	count(w, OP_ADD, err);
	if (was_inited && added)
		violation(w, V_API, "enclave %u: ADD_PAGES added %llu pages after EINIT",
			  s->id, (unsigned long long)added);
}

static void op_add(struct worker *w, struct slot *s)
{
	if (s->orderly && !atomic_load(&s->inited))
		op_add_orderly(w, s);
	else
		op_add_chaotic(w, s);
}

static void op_init(struct worker *w, struct slot *s)
{
	const struct sgx_sigstruct *sig = &s->t->sig;
	bool complete;
	int err;

	pthread_mutex_lock(&s->track);
	complete = s->next_range == s->t->encl.nranges;
	pthread_mutex_unlock(&s->track);
	/* Early or foreign EINITs fail and leave the measurement open. */
	if (s->orderly && !complete && !one_in(w, 8))
		return;
	if (one_in(w, 16))
		sig = &tmpls[rnd(w, NTMPL)].sig;
	err = sgx_ioc_init(s->ld.fd, sig) ? errno : 0;
	if (!err)
		atomic_store(&s->inited, true);
	count(w, OP_INIT, err);
}

/* ---- mappings ---- */

static void op_mmap(struct worker *w, struct slot *s)
{
	int prot = rand_prot(w), flags = MAP_SHARED | MAP_FIXED, err = 0;
	uint64_t n;
	int64_t first;

	pick_range(w, s, true, &first, &n);
	if (one_in(w, 32))
		flags = MAP_PRIVATE | MAP_FIXED;	/* EINVAL */
	pthread_rwlock_rdlock(&va_lock);
	if (mmap(page_addr(s, first), n * SGX_PAGE_SIZE, prot, flags, s->ld.fd, 0) == MAP_FAILED) {
		err = errno;
		refill(s, first, n);
	}
	pthread_rwlock_unlock(&va_lock);
	count(w, OP_MMAP, err);
	if (!err)
		probe_range(w, s, first, n);
}

static void op_mprotect(struct worker *w, struct slot *s)
{
	int prot = rand_prot(w), err;
	uint64_t n;
	int64_t first;

	/* Not outside: that would make the reservation's anonymous memory usable. */
	pick_range(w, s, false, &first, &n);
	err = mprotect(page_addr(s, first), n * SGX_PAGE_SIZE, prot) ? errno : 0;
	count(w, OP_MPROTECT, err);
	if (!err)
		probe_range(w, s, first, n);
}

static void op_munmap(struct worker *w, struct slot *s)
{
	uint64_t n;
	int64_t first;
	int err;

	pick_range(w, s, true, &first, &n);
	pthread_rwlock_rdlock(&va_lock);
	err = munmap(page_addr(s, first), n * SGX_PAGE_SIZE) ? errno : 0;
	refill(s, first, n);
	pthread_rwlock_unlock(&va_lock);
	count(w, OP_MUNMAP, err);
}

/*
 * After mremap moved pages to dst: whatever page each address shows (its
 * index mark tells), writes and calls may go through only if that page's
 * maximum allows them, even after an mprotect at the new address.
 */
static void check_moved_page(struct worker *w, struct slot *s, uint8_t *a)
{
	bool wrote, called;
	uint8_t id[8], max;
	int64_t page;
	int sig;

	mprotect(a, SGX_PAGE_SIZE, one_in(w, 2) ? RWX : rand_prot(w));
	if (!probe_copy(id, a + STRESS_ID_OFF, sizeof(id), &sig))
		return;
	page = stress_page_id(id);
	if (page < 0 || page >= (int64_t)s->t->pages)
		return;		/* a TCS or EAUG page: not told apart */
	max = atomic_load(&s->max[page]);
	wrote = probe_write(a + 64 + rnd(w, SGX_PAGE_SIZE - 64), NOP_BYTE, &sig) && !(max & PROT_WRITE);
	called = atomic_load(&s->kind[page]) == K_REG && probe_exec(a, &sig) &&
		 !(max & PROT_EXEC);
	if (wrote || called)
		violation(w, V_MOVED, "enclave %u page %lld moved by %+lld pages: a %s went through, maximum %s",
			  s->id, (long long)page,
			  (long long)((a - page_addr(s, page)) / (int64_t)SGX_PAGE_SIZE),
			  wrote ? "write" : "call", sgx_prot_str(max));
}

static void check_moved(struct worker *w, struct slot *s, uint8_t *dst, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		check_moved_page(w, s, dst + i * SGX_PAGE_SIZE);
}

/* mremap's destination for src pages [first, first + n), or NULL. */
static uint8_t *move_target(struct worker *w, struct slot *s, int64_t first, uint64_t n)
{
	int64_t lo, hi, pages = (int64_t)s->t->pages, to;

	res_bounds(s, &lo, &hi);
	if (one_in(w, 2)) {
		to = (int64_t)rnd(w, (uint64_t)pages - n + 1);
		return to == first ? NULL : page_addr(s, to);
	}
	/* The reservation around the enclave, below or above it. */
	if (-lo >= (int64_t)n && (hi - pages < (int64_t)n || one_in(w, 2)))
		return page_addr(s, lo + (int64_t)rnd(w, (uint64_t)(-lo) - n + 1));
	if (hi - pages >= (int64_t)n)
		return page_addr(s, pages + (int64_t)rnd(w, (uint64_t)(hi - pages) - n + 1));
	return NULL;
}

/*
 * Moves, shrinks or grows a freshly mapped, touched range.  Moving
 * enclave pages is to be refused; if it goes through, check_moved judges
 * the result.  Even a refused MREMAP_FIXED has unmapped its destination
 * first (mremap_to() does, before it checks anything), so the caller maps
 * the whole reservation back as it was (PROT_NONE) after.  Runs with life
 * held for writing and va_lock for writing.
 */
static int do_mremap(struct worker *w, struct slot *s, int64_t first, uint64_t n)
{
	uint8_t *src = page_addr(s, first), *dst = NULL, v, *got;
	uint64_t i, variant = rnd(w, 5), new_n = n;
	int flags = 0, sig;

	/* Readable, so that the touch below brings page table entries in. */
	if (mmap(src, n * SGX_PAGE_SIZE, one_in(w, 2) ? PROT_READ : rand_prot(w) | PROT_READ,
		 MAP_SHARED | MAP_FIXED, s->ld.fd, 0) == MAP_FAILED)
		return -1;
	for (i = 0; i < n; i++)
		probe_read(src + i * SGX_PAGE_SIZE, &v, &sig);
	if (variant <= 1) {
		dst = move_target(w, s, first, n);
		if (!dst)
			return -2;
		flags = MREMAP_MAYMOVE | MREMAP_FIXED;
	} else if (variant == 2) {
		new_n = n + 1;		/* grow: VM_DONTEXPAND says no */
		flags = MREMAP_MAYMOVE;
	} else if (variant == 3) {
		if (n < 2)
			return -2;
		new_n = n - 1;		/* shrink: unmaps the tail */
	} else {
		dst = move_target(w, s, first, n);
		flags = MREMAP_MAYMOVE | MREMAP_DONTUNMAP | (dst ? MREMAP_FIXED : 0);
	}
	got = mremap(src, n * SGX_PAGE_SIZE, new_n * SGX_PAGE_SIZE, flags, dst);
	if (got == MAP_FAILED)
		return errno;
	if (got != src) {
		w->st.moved++;
		check_moved(w, s, got, new_n);
		if (got < (uint8_t *)s->ld.reservation ||
		    got >= (uint8_t *)s->ld.reservation + s->ld.reservation_len)
			munmap(got, new_n * SGX_PAGE_SIZE);	/* the kernel's choice: ours alone */
		else
			refill(s, (got - s->ld.base) / (int64_t)SGX_PAGE_SIZE, new_n);
	}
	return 0;
}

static void op_mremap(struct worker *w, struct slot *s)
{
	uint64_t n = 1 + rnd(w, 2);
	int64_t first = (int64_t)rnd(w, s->t->pages - n + 1), lo, hi;
	int err;

	w->cur = OP_MREMAP;
	res_bounds(s, &lo, &hi);
	pthread_rwlock_wrlock(&va_lock);
	err = do_mremap(w, s, first, n);
	/* Not just the enclave: a destination outside it is a hole now. */
	refill(s, lo, (uint64_t)(hi - lo));
	pthread_rwlock_unlock(&va_lock);
	if (err >= 0)
		count(w, OP_MREMAP, err);
}

static void op_probe(struct worker *w, struct slot *s)
{
	int64_t lo, hi, page = (int64_t)rnd(w, s->t->pages);

	if (one_in(w, 16)) {
		res_bounds(s, &lo, &hi);
		page = lo + (int64_t)rnd(w, (uint64_t)(hi - lo));
	}
	probe_page(w, s, page);
	count(w, OP_PROBE, 0);
}

/* ---- SGX2 ---- */

/* Offset and length for the SGX2 ioctls; now and then a bad one. */
static void sgx2_range(struct worker *w, const struct slot *s, uint64_t *off, uint64_t *len)
{
	int64_t first;
	uint64_t n;

	pick_range(w, s, false, &first, &n);
	*off = (uint64_t)first * SGX_PAGE_SIZE;
	*len = n * SGX_PAGE_SIZE;
	if (one_in(w, 32))
		*off += 8;
	if (one_in(w, 32))
		*len = one_in(w, 2) ? 0 : s->t->pages * SGX_PAGE_SIZE;
}

static void op_restrict(struct worker *w, struct slot *s)
{
	uint64_t off, len, perm = rnd(w, 8), result = 0, done = 0;
	int err;

	sgx2_range(w, s, &off, &len);
	if (one_in(w, 32))
		perm |= 8;	/* not a permission: EINVAL */
	err = sgx_ioc_restrict_permissions(s->ld.fd, off, len, perm, &result, &done) ? errno : 0;
	count(w, OP_RESTRICT, err);
}

static void op_modify_types(struct worker *w, struct slot *s)
{
	uint64_t off, len, type, result = 0, done = 0, i, r = rnd(w, 20);
	int err;

	sgx2_range(w, s, &off, &len);
	type = r < 9 ? SGX_PT_TCS : r < 18 ? SGX_PT_TRIM : r == 18 ? SGX_PT_REG : 0x102;
	pthread_mutex_lock(&s->track);
	err = sgx_ioc_modify_types(s->ld.fd, off, len, type, &result, &done) ? errno : 0;
	/* A regular page turned TCS may only be RW from now on. */
	for (i = 0; i < done / SGX_PAGE_SIZE; i++) {
		if (type == SGX_PT_TCS)
			atomic_store(&s->max[off / SGX_PAGE_SIZE + i], PROT_READ | PROT_WRITE);
		atomic_store(&s->kind[off / SGX_PAGE_SIZE + i], K_MODIFIED);
	}
	pthread_mutex_unlock(&s->track);
	count(w, OP_MODTYPE, err);
}

/*
 * A removed page leaves a hole that EAUG fills with an RWX page of zeros:
 * assume that before the ioctl, undo it for the pages it did not remove.
 * Nothing here runs EACCEPT (an ENCLU leaf, inside the enclave), so the
 * kernel must refuse to remove any page; fork children, whose maxima were
 * copied earlier, rely on that.
 */
static void op_remove(struct worker *w, struct slot *s)
{
	uint8_t old_max[STRESS_MAX_PAGES], old_kind[STRESS_MAX_PAGES];
	uint64_t off, len, done = 0, i, first, n;
	int err;

	sgx2_range(w, s, &off, &len);
	first = off / SGX_PAGE_SIZE;
	n = len / SGX_PAGE_SIZE;
	if (first + n > s->t->pages)
		n = first < s->t->pages ? s->t->pages - first : 0;
	pthread_mutex_lock(&s->track);
	for (i = 0; i < n; i++) {
		old_max[i] = atomic_exchange(&s->max[first + i], RWX);
		old_kind[i] = atomic_exchange(&s->kind[first + i], K_HOLE);
	}
	err = sgx_ioc_remove_pages(s->ld.fd, off, len, &done) ? errno : 0;
	for (i = done / SGX_PAGE_SIZE; i < n; i++) {
		atomic_store(&s->max[first + i], old_max[i]);
		atomic_store(&s->kind[first + i], old_kind[i]);
	}
	pthread_mutex_unlock(&s->track);
	count(w, OP_REMOVE, err);
	if (done)
		violation(w, V_API, "enclave %u: REMOVE_PAGES removed %llu pages no one accepted",
			  s->id, (unsigned long long)done / SGX_PAGE_SIZE);
}

/* ---- /proc/self/mem ---- */

/* The /proc/self/maps line of the mapping holding a, for diagnostics. */
static void maps_line_of(const void *a, char *out, size_t len)
{
	unsigned long lo, hi, addr = (unsigned long)(uintptr_t)a;
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	snprintf(out, len, "no mapping");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= addr && addr < hi) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, len, "%.200s", line);
			break;
		}
	fclose(f);
}

/*
 * Reads or writes a few bytes of a page through /proc/self/mem: debug
 * enclaves allow it (EDBGRD/EDBGWR), others must refuse.
 */
static void op_proc_mem(struct worker *w, struct slot *s)
{
	int64_t page = (int64_t)rnd(w, s->t->pages);
	enum kind k = atomic_load(&s->kind[page]);
	bool write = one_in(w, 2), head = !write && one_in(w, 2);
	uint64_t off = head ? 0 : 64 + rnd(w, SGX_PAGE_SIZE - 64 - 16);
	size_t len = head ? 16 : 1 + rnd(w, 16);
	uint8_t buf[16], *a = page_addr(s, page) + off;
	ssize_t got;

	memset(buf, NOP_BYTE, sizeof(buf));
	if (write)
		got = pwrite(mem_fd, buf, len, (off_t)(uintptr_t)a);
	else
		got = pread(mem_fd, buf, len, (off_t)(uintptr_t)a);
	count(w, OP_PROCMEM, got < 0 ? errno : 0);
	if (got <= 0 || atomic_load(&s->tainted))
		return;
	if (!s->t->debug) {
		char where[256];

		maps_line_of(a, where, sizeof(where));
		violation(w, V_PROCMEM, "enclave %u (not debug, fd %d) page %lld: /proc/self/mem %s of %zd bytes went through; now mapped: %s",
			  s->id, s->ld.fd, (long long)page, write ? "write" : "read", got, where);
	}
	else if (head && got == 16 && k == K_REG &&
		 (buf[0] != PROBE_RET || stress_page_id(buf + STRESS_ID_OFF) != page))
		violation(w, V_CONTENT, "enclave %u page %lld reads through /proc/self/mem as page %lld",
			  s->id, (long long)page, (long long)stress_page_id(buf + STRESS_ID_OFF));
}

/* ---- fork ---- */

/* In the child: probe what the parent had; no locks, no stdio. */
static void child_probes(struct worker *w, const bool held[NSLOTS])
{
	unsigned i, tries;

	w->in_child = true;
	memset(&w->st, 0, sizeof(w->st));
	for (tries = 0; tries < 4; tries++) {
		struct slot *s = &slots[rnd(w, NSLOTS)];
		int64_t first;
		uint64_t n;

		if (!held[s - slots])
			continue;
		pick_range(w, s, false, &first, &n);
		if (one_in(w, 2))
			mprotect(page_addr(s, first), n * SGX_PAGE_SIZE, rand_prot(w));
		probe_range(w, s, first, n);
	}
	for (i = 0; i < NVIOL; i++)
		if (w->st.viol[i])
			_exit(1);
	_exit(0);
}

static void op_fork(struct worker *w)
{
	bool held[NSLOTS];
	int status = 0;
	unsigned i;
	pid_t pid;

	w->cur = OP_FORK;
	/* Only enclaves that no one is creating, remapping or destroying. */
	for (i = 0; i < NSLOTS; i++) {
		held[i] = !pthread_rwlock_tryrdlock(&slots[i].life);
		if (held[i] && !slots[i].live) {
			pthread_rwlock_unlock(&slots[i].life);
			held[i] = false;
		}
	}
	pid = fork();
	if (!pid)
		child_probes(w, held);
	for (i = 0; i < NSLOTS; i++)
		if (held[i])
			pthread_rwlock_unlock(&slots[i].life);
	count(w, OP_FORK, pid < 0 ? errno : 0);
	if (pid < 0)
		return;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		violation(w, V_CHILD, "a fork child died of signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status))
		violation(w, V_CHILD, "a fork child found a violation");
}

/* ---- enclave life ---- */

/*
 * va_lock held for writing, so no reservation comes or goes: a new one
 * must not overlap a live slot's (see va_lock).  If it does, the worker's
 * picture of its address space is wrong, and nothing it checks from then
 * on could be trusted.
 */
static void check_apart(const struct slot *s)
{
	const uint8_t *a = s->ld.reservation, *b;
	unsigned i;

	for (i = 0; i < NSLOTS; i++) {
		b = slots[i].ld.reservation;
		if (&slots[i] == s || !b ||
		    a >= b + slots[i].ld.reservation_len || b >= a + s->ld.reservation_len)
			continue;
		tap_diag("worker process %d: a new reservation, %p+%#zx, overlaps slot %u's, %p+%#zx",
			 (int)getpid(), (const void *)a, s->ld.reservation_len, i,
			 (const void *)b, slots[i].ld.reservation_len);
		_exit(2);
	}
}

/* Life held for writing. */
static void op_create(struct worker *w, struct slot *s)
{
	const struct stress_tmpl *t = &tmpls[rnd(w, NTMPL)];
	uint64_t i;
	int err = 0;

	/* The new reservation must not land in another enclave's hole. */
	pthread_rwlock_wrlock(&va_lock);
	if (sgx_load_create(&t->encl, &s->ld))
		err = errno;
	else if (mmap(s->ld.base, s->ld.size, PROT_NONE, MAP_SHARED | MAP_FIXED,
		      s->ld.fd, 0) == MAP_FAILED) {
		err = errno;
		sgx_unload(&s->ld);
	} else
		check_apart(s);
	pthread_rwlock_unlock(&va_lock);
	count(w, OP_CREATE, err);
	if (err)
		return;
	for (i = 0; i < STRESS_MAX_PAGES; i++) {
		atomic_store(&s->max[i], RWX);
		atomic_store(&s->kind[i], K_HOLE);
	}
	s->t = t;
	s->orderly = !one_in(w, 5);
	s->next_range = 0;
	s->next_page = 0;
	s->id = atomic_fetch_add(&next_id, 1) + 1;
	atomic_store(&s->inited, false);
	atomic_store(&s->tainted, false);
	s->live = true;
}

/* Life held for writing; the mappings stay. */
static void op_close(struct worker *w, struct slot *s)
{
	count(w, OP_CLOSE, close(s->ld.fd) ? errno : 0);
	s->ld.fd = -1;
}

/* Life held for writing. */
static void op_destroy(struct worker *w, struct slot *s)
{
	/* Not while check_apart() reads the reservations. */
	pthread_rwlock_rdlock(&va_lock);
	sgx_unload(&s->ld);
	pthread_rwlock_unlock(&va_lock);
	s->live = false;
	count(w, OP_DESTROY, 0);
}

/* ---- choosing ---- */

struct weighted {
	enum op op;
	unsigned weight;
};

static enum op pick(struct worker *w, const struct weighted *t, size_t n)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += t[i].weight;
	r = (unsigned)rnd(w, total);
	for (i = 0; r >= t[i].weight; i++)
		r -= t[i].weight;
	return t[i].op;
}

#define PICK(w, t) pick(w, t, sizeof(t) / sizeof(t[0]))

/* An operation for an enclave in this state that needs life only for reading. */
static enum op pick_shared(struct worker *w, const struct slot *s)
{
	static const struct weighted building[] = {
		{ OP_ADD, 40 }, { OP_INIT, 8 }, { OP_MMAP, 10 }, { OP_MPROTECT, 10 },
		{ OP_MUNMAP, 3 }, { OP_PROBE, 15 }, { OP_RESTRICT, 2 },
		{ OP_MODTYPE, 2 }, { OP_REMOVE, 2 }, { OP_PROCMEM, 6 }, { OP_FORK, 1 },
	};
	static const struct weighted running[] = {
		{ OP_ADD, 1 }, { OP_INIT, 1 }, { OP_MMAP, 15 }, { OP_MPROTECT, 15 },
		{ OP_MUNMAP, 4 }, { OP_PROBE, 30 }, { OP_RESTRICT, 6 },
		{ OP_MODTYPE, 6 }, { OP_REMOVE, 4 }, { OP_PROCMEM, 8 }, { OP_FORK, 1 },
	};
	static const struct weighted closed[] = {
		{ OP_MPROTECT, 30 }, { OP_PROBE, 40 }, { OP_PROCMEM, 10 }, { OP_FORK, 1 },
	};

	if (s->ld.fd < 0)
		return PICK(w, closed);
	return atomic_load(&s->inited) ? PICK(w, running) : PICK(w, building);
}

static void run_shared(struct worker *w, struct slot *s, enum op op)
{
	w->cur = op;
	switch (op) {
	case OP_ADD: op_add(w, s); break;
	case OP_INIT: op_init(w, s); break;
	case OP_MMAP: op_mmap(w, s); break;
	case OP_MPROTECT: op_mprotect(w, s); break;
	case OP_MUNMAP: op_munmap(w, s); break;
	case OP_PROBE: op_probe(w, s); break;
	case OP_RESTRICT: op_restrict(w, s); break;
	case OP_MODTYPE: op_modify_types(w, s); break;
	case OP_REMOVE: op_remove(w, s); break;
	case OP_PROCMEM: op_proc_mem(w, s); break;
	default: break;
	}
}

/* Create, close, remap or destroy, if no one else uses the slot; false if not. */
static bool exclusive_op(struct worker *w, struct slot *s)
{
	uint64_t r = rnd(w, 100);
	bool done = true;

	if (pthread_rwlock_trywrlock(&s->life))
		return false;
	if (!s->live)
		op_create(w, s);
	else if (r < 4)
		op_destroy(w, s);
	else if (r < 8 && s->ld.fd >= 0)
		op_close(w, s);
	else if (r < 60 && s->ld.fd >= 0)
		op_mremap(w, s);
	else
		done = false;
	pthread_rwlock_unlock(&s->life);
	return done;
}

static void one_op(struct worker *w)
{
	struct slot *s;
	enum op op;

	/*
	 * However many numbers this operation draws (that depends on what
	 * other threads did), the next one starts where a replay's would.
	 */
	w->op.s = stress_rng_next(&w->rng);
	s = &slots[rnd(w, NSLOTS)];

	if (one_in(w, 20) && exclusive_op(w, s))
		return;
	pthread_rwlock_rdlock(&s->life);
	if (!s->live) {
		pthread_rwlock_unlock(&s->life);
		exclusive_op(w, s);
		return;
	}
	op = pick_shared(w, s);
	if (op != OP_FORK)
		run_shared(w, s, op);
	pthread_rwlock_unlock(&s->life);
	if (op == OP_FORK)
		op_fork(w);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!past_deadline())
		one_op(w);
	return NULL;
}

/* ---- processes ---- */

static void add_stats(struct stats *to, const struct stats *from)
{
	unsigned long long *t = (unsigned long long *)to;
	const unsigned long long *f = (const unsigned long long *)from;
	size_t i;

	for (i = 0; i < sizeof(*to) / sizeof(*t); i++)
		t[i] += f[i];
}

/* One worker process: NTHREAD threads on NSLOTS enclaves, then teardown. */
static void worker_process(unsigned proc, uint64_t seed, unsigned seconds,
			   struct stats *out)
{
	static struct worker workers[NTHREAD];
	unsigned i;

	rwlock_init(&va_lock);
	for (i = 0; i < NSLOTS; i++) {
		rwlock_init(&slots[i].life);
		pthread_mutex_init(&slots[i].track, NULL);
	}
	mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (mem_fd < 0)
		die("cannot open /proc/self/mem");
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	for (i = 0; i < NTHREAD; i++) {
		workers[i].rng = stress_rng_derive(seed, proc + 1, i + 1);
		workers[i].proc = proc;
		workers[i].thread = i;
		/* One page more: a misaligned source may reach past CHUNK pages. */
		workers[i].src = aligned_alloc(SGX_PAGE_SIZE, (CHUNK + 1) * SGX_PAGE_SIZE);
		if (!workers[i].src)
			die("cannot allocate source pages");
	}
	for (i = 0; i < NTHREAD; i++)
		if (pthread_create(&workers[i].tid, NULL, worker_main, &workers[i]))
			die("cannot start a worker thread");
	for (i = 0; i < NTHREAD; i++) {
		pthread_join(workers[i].tid, NULL);
		add_stats(out, &workers[i].st);
	}
	for (i = 0; i < NSLOTS; i++)
		if (slots[i].live)
			sgx_unload(&slots[i].ld);
	fflush(stdout);
	_exit(0);
}

static unsigned long long env_or(const char *name, unsigned long long dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

static void make_templates(uint64_t seed)
{
	struct stress_rng rng = stress_rng_derive(seed, 0, 0);
	EVP_PKEY *key = sgx_key_load(SGX_SAMPLE_KEY);
	unsigned i;

	if (!key)
		tap_bail("signing key");
	for (i = 0; i < NTMPL; i++)
		if (stress_tmpl_make(&tmpls[i], &rng, key))
			tap_bail("enclave layout %u", i);
	EVP_PKEY_free(key);
}

/* Waits for the workers until limit seconds from now; false if it had to kill them. */
static bool reap(const pid_t pids[NPROC], int status[NPROC], unsigned limit)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	unsigned left = NPROC, i, waited;
	bool ok = true;

	for (waited = 0; left && waited < limit * 10; waited++) {
		for (i = 0; i < NPROC; i++)
			if (pids[i] > 0 && status[i] < 0 &&
			    waitpid(pids[i], &status[i], WNOHANG) == pids[i])
				left--;
		if (left)
			nanosleep(&tick, NULL);
	}
	for (i = 0; i < NPROC; i++) {
		if (status[i] >= 0)
			continue;
		ok = false;
		kill(pids[i], SIGKILL);
		waitpid(pids[i], &status[i], 0);
	}
	return ok;
}

static void print_outcomes(const struct stats *st)
{
	static const char *const how[3] = { "went through", "SIGSEGV", "SIGBUS" };
	static const char *const what[NACCESS] = { "read", "write", "call" };
	char line[512];
	unsigned op, e, a;
	int n;

	for (op = 0; op < NOPS; op++) {
		unsigned long long total = 0;

		for (e = 0; e < NERRNO; e++)
			total += st->outcome[op][e];
		n = snprintf(line, sizeof(line), "%-12s %8llu: ok %llu", op_name[op], total,
			     st->outcome[op][0]);
		for (e = 1; e < NERRNO && n > 0 && (size_t)n < sizeof(line); e++) {
			const char *name = strerrorname_np((int)e);

			if (st->outcome[op][e])
				n += snprintf(line + n, sizeof(line) - n, ", %s %llu",
					      name ? name : "?", st->outcome[op][e]);
		}
		tap_diag("%s", line);
	}
	for (a = 0; a < NACCESS; a++)
		tap_diag("probe %-5s: %s %llu, %s %llu, %s %llu", what[a], how[0],
			 st->probe[a][0], how[1], st->probe[a][1], how[2], st->probe[a][2]);
	tap_diag("reads of run-time (EAUG) pages that went through: %llu", st->hole_reads);
	tap_diag("mremap moves of enclave pages the kernel allowed: %llu", st->moved);
}

int main(void)
{
	uint64_t seed = env_or("STRESS_SEED", (unsigned long long)time(NULL));
	unsigned seconds = (unsigned)env_or("STRESS_SECONDS", 60);
	unsigned long long min_ops = env_or("STRESS_MIN_OPS", 100000);
	pid_t pids[NPROC];
	int status[NPROC];
	struct stats sum;
	bool in_time, clean = true;
	long baseline, after;
	unsigned i;

	tap_diag("seed %llu", (unsigned long long)seed);
	tap_diag("%u processes x %u threads, %u s (STRESS_SEED, STRESS_SECONDS, STRESS_MIN_OPS)",
		 NPROC, NTHREAD, seconds);
	baseline = sgx_model_counter("epcm_valid_pages");
	if (baseline < 0)
		tap_bail("the model's valid EPC pages");
	make_templates(seed);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		tap_bail("memory shared with the workers");
	fflush(stdout);
	for (i = 0; i < NPROC; i++) {
		status[i] = -1;
		pids[i] = fork();
		if (pids[i] < 0)
			tap_bail("fork of worker %u", i);
		if (!pids[i])
			worker_process(i, seed, seconds, &shared->res[i]);
	}
	in_time = reap(pids, status, seconds + 60);
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < NPROC; i++) {
		add_stats(&sum, &shared->res[i]);
		if (WIFSIGNALED(status[i]))
			tap_diag("worker %u: killed by signal %d", i, WTERMSIG(status[i]));
		else if (WEXITSTATUS(status[i]))
			tap_diag("worker %u: exit status %d", i, WEXITSTATUS(status[i]));
		clean = clean && WIFEXITED(status[i]) && !WEXITSTATUS(status[i]);
	}
	print_outcomes(&sum);
	tap_diag("operations: %llu in %u s, %llu/s", sum.ops, seconds,
		 seconds ? sum.ops / seconds : 0);

	tap_check(in_time, "worker processes finished within %u s of the end", 60);
	tap_check(clean, "every worker process exited cleanly");
	for (i = 0; i < NVIOL; i++)
		if (!tap_check(!sum.viol[i], "%s", viol_check[i]))
			tap_diag("%llu violations; replay with STRESS_SEED=%llu", sum.viol[i],
				 (unsigned long long)seed);
	tap_check(sum.outcome[OP_INIT][0] && sum.hole_reads,
		  "enclaves were initialized and got run-time (EAUG) pages");
	after = sgx_model_settled_valid(baseline, 10000);
	tap_check(after == baseline, "epcm_valid_pages back to its baseline once all is closed");
	if (after != baseline)
		tap_diag("epcm_valid_pages: %ld before, %ld after", baseline, after);
	if (!tap_check(sum.ops >= min_ops, "at least %llu operations", min_ops))
		tap_diag("only %llu", sum.ops);
	return tap_done();
}
