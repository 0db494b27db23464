import { DomainForm } from '@/components/domain-form';
import { LabGallery } from '@/components/lab-gallery';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';

// The lab's scenarios are read here, on the server; the page ships only their names and stories.
const examples = LAB_SCENARIOS.map((s) => ({ name: (s.check ?? s.zone).replace(/\.$/, ''), story: s.story }));

export default function HomePage() {
  return (
    <div className="space-y-12">
      <section className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Where does your delegation break?</h1>
        <div className="max-w-3xl">
          <DomainForm />
        </div>
        <p className="max-w-3xl text-zinc-700 dark:text-zinc-300">
          zonecut walks the chain of DNS delegations from the root down to your zone and asks every authoritative server directly, address by address, over UDP
          and TCP. It lays what the parent says next to what the child says: NS sets that disagree, glue that is missing or stale, lame, unreachable and
          TCP-less servers, DS records that match no key, and the CDS and CSYNC signals a parent would act on. Every finding comes with the exact responses
          behind it and the <code className="font-mono text-sm">dig</code> command that reproduces them.
        </p>
      </section>
      <section id="lab" aria-labelledby="lab-heading" className="scroll-mt-4 space-y-3">
        <div className="space-y-1">
          <h2 id="lab-heading" className="text-lg font-semibold">
            The lab
          </h2>
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            A practice universe under the special-use TLD <code className="font-mono">test.</code>, one zone per classic failure. It runs inside zonecut, with
            no network at all.
          </p>
        </div>
        <LabGallery examples={examples} />
      </section>
    </div>
  );
}
