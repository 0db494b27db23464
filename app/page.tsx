import { DomainForm } from '@/components/domain-form';

export default function HomePage() {
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Where does your delegation break?</h1>
        <p className="max-w-3xl text-zinc-700 dark:text-zinc-300">
          zonecut walks the chain of DNS delegations from the root down to your zone and asks every authoritative
          server directly, address by address. It shows what the parent says and what the child says, side by side:
          NS sets that disagree, glue that is missing or stale, lame and unreachable servers, DS records that match no
          key, and the CDS and CSYNC signals a parent would act on.
        </p>
        <DomainForm />
      </section>
    </div>
  );
}
