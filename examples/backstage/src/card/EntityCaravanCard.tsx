/**
 * EntityCaravanCard: the installs of the entity's Caravan template in every
 * environment, each with its latest record, read through the Caravan SDK from
 * the `caravan` backend plugin. Backstage's fetchApi sends the user's identity,
 * so the card shows what the user's Caravan role may read.
 */
import { InfoCard, Progress, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/core-plugin-api';
import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { createCaravanClient, type CaravanClient, type Install, type InstallRecord } from '@caravan/sdk';
import useAsync from 'react-use/esm/useAsync';

/** The annotation naming the entity's Caravan template: `caravan.io/template: shop`. */
export const CARAVAN_TEMPLATE_ANNOTATION = 'caravan.io/template';

/** For `<EntitySwitch.Case if={isCaravanAvailable}>`. */
export const isCaravanAvailable = (entity: Entity): boolean => Boolean(entity.metadata.annotations?.[CARAVAN_TEMPLATE_ANNOTATION]);

interface Row {
  readonly id: string;
  readonly install: Install;
  readonly latest: InstallRecord | undefined;
}

/** Every environment's installs of the template, with each one's newest record. */
async function installsOf(client: CaravanClient, template: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const environment of client.environments.list()) {
    for await (const install of client.environments.installs.list(environment.name, { template })) {
      const latest = install.latestRecord > 0 ? await client.environments.installs.records.get(environment.name, install.name, install.latestRecord) : undefined;
      rows.push({ id: `${environment.name}/${install.name}`, install, latest });
    }
  }
  return rows;
}

const columns: TableColumn<Row>[] = [
  { title: 'Environment', field: 'install.environment' },
  { title: 'Install', field: 'install.name' },
  { title: 'Version', field: 'install.version' },
  { title: 'State', field: 'install.state' },
  {
    title: 'Latest record',
    render: ({ latest }) => (latest ? `#${latest.number} ${latest.action} ${latest.version}: ${latest.outcome}` : 'none yet'),
  },
  { title: 'By', render: ({ latest }) => latest?.createdBy.name ?? '' },
  { title: 'Finished', render: ({ latest }) => latest?.finishedAt ?? '' },
];

export function EntityCaravanCard(props: { title?: string }) {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const template = entity.metadata.annotations?.[CARAVAN_TEMPLATE_ANNOTATION];

  const { value, loading, error } = useAsync(async () => {
    if (!template) return [];
    const client = createCaravanClient({
      baseUrl: await discoveryApi.getBaseUrl('caravan'),
      // Backstage's fetch carries the user's token; the SDK must not set an Authorization of its own.
      fetch: (request) => fetchApi.fetch(request),
    });
    return installsOf(client, template);
  }, [discoveryApi, fetchApi, template]);

  if (!template) return <MissingAnnotationEmptyState annotation={CARAVAN_TEMPLATE_ANNOTATION} />;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const rows = value ?? [];
  return (
    <InfoCard title={props.title ?? `Caravan: ${template}`} subheader={`${rows.length} install${rows.length === 1 ? '' : 's'}`}>
      {rows.length === 0 ? (
        <div>Template {template} is not installed in any environment you can see.</div>
      ) : (
        <Table<Row> options={{ search: false, paging: false, toolbar: false, padding: 'dense' }} columns={columns} data={rows} />
      )}
    </InfoCard>
  );
}
