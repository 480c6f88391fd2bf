# The sgxlsm SELinux test policy (policy/): compiled with checkpolicy into
# the guest's /data/selinux/policy.33.  Included by the Makefile.
# In the guest:  mount -t selinuxfs selinuxfs /sys/fs/selinux
#                cat /data/selinux/policy.33 >/sys/fs/selinux/load
#                echo 1 >/sys/fs/selinux/enforce
# (tests/guest/lsm_*.c do this themselves when SELinux is enabled).

# 33 (POLICYDB_VERSION_COMP_FTRANS) is the newest version Linux 6.12 reads.
POLICY_VERSION := 33
# Order matters to checkpolicy: classes/SIDs/permissions, TE and roles,
# users and contexts.  sgx.if's interfaces are m4 macros used by sgxlsm.te.
POLICY_SRCS := policy/flask.conf policy/sgx.if policy/sgxlsm.te \
	policy/unconfined.te policy/contexts.conf
POLICY_CONF := $(B)/obj/policy/policy.conf
POLICY_BIN := $(ROOT)/data/selinux/policy.$(POLICY_VERSION)
# The same policy without the capabilities below: the kernel's behaviour
# for policies written before them (no SGX enclave checks at all).
POLICY_NOCAP_BIN := $(ROOT)/data/selinux/policy-nocap.$(POLICY_VERSION)
# Capabilities the policy declares that checkpolicy 3.4 does not know by
# name: set in the binary by set-policycap, by their index in the kernel's
# list (policy/policycaps).
POLICY_LATE_CAPS := sgx_enclave_checks
SET_POLICYCAP := $(B)/obj/policy/set-policycap

$(POLICY_CONF): $(POLICY_SRCS)
	@mkdir -p $(@D)
	m4 -P $^ >$@

# -U allow: classes and permissions the policy does not define are allowed,
# so a kernel newer than flask.conf still boots with it.  libsepol's notes
# about the unused initial SIDs are expected and filtered out.
$(POLICY_NOCAP_BIN): $(POLICY_CONF)
	@mkdir -p $(@D)
	set -o pipefail; checkpolicy -c $(POLICY_VERSION) -U allow -o $@ $< 2>&1 | \
		{ grep -v 'No context assigned to SID unused' || true; }

$(SET_POLICYCAP): policy/set-policycap.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $< -l:libsepol.a

$(POLICY_BIN): $(POLICY_NOCAP_BIN) $(SET_POLICYCAP) policy/policycaps
	$(SET_POLICYCAP) $< $@ policy/policycaps $(POLICY_LATE_CAPS)

.PHONY: policy
policy: $(POLICY_BIN) $(POLICY_NOCAP_BIN)

GUEST_DATA += $(POLICY_BIN) $(POLICY_NOCAP_BIN)
