// The usage lines of the commands that load the WeLink emulator, apart from them: `help` and a
// bad flag print these without loading it.

export const SANDBOX_HELP = `sandbox [--port 9090] [--host 127.0.0.1] [--seed N] [--users N] [--depts N]
            [--app CLIENT_ID:CLIENT_SECRET]... [--tenant-id ID] [--token-ttl SECONDS]
            [--error-rate PATH=RATE[:CODE]]... [--latency-ms [PATH=]MS]... [--hang-rate PATH=RATE]...
            [--outage START_S:DURATION_S] [--has-more-stuck] [--no-rate-limits]
                            serve a fake WeLink (Open API under /api, inspection API under /_sandbox)`;

export const DEMO_HELP = `demo [--users 200] [--depts 30] [--seed 1] [--port 8080] [--data DIR] [--oa-sso handoff|cas|oidc]
                            the bridge, the WeLink sandbox and a demo OA together on loopback, tenant
                            'default' connected; data in a fresh temporary folder unless --data;
                            the OA signs in by the bridge's handoff (default), as a CAS client or as an
                            OpenID Connect client`;
