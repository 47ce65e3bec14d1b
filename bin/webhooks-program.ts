import type { Command } from 'commander'
import type { GlobalOptions } from './options.js'
import type * as WebhooksCommands from './commands/webhooks.js'

type Run = (load: (commands: typeof WebhooksCommands) => Promise<number>) => Promise<void>

/**
 * `outpost webhooks ...` (docs/integration.md): the outbox's endpoints, secrets and dead letters
 * on this node. Kept apart from bin/cli.ts, which registers it in one line; the command
 * itself is imported only when it runs.
 */
export function addWebhooksCommands(program: Command, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  const run: Run = async (load) => setExit(await load(await import('./commands/webhooks.js')))
  const as = ['--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)'] as const
  const webhooks = program.command('webhooks').description('the webhook outbox: endpoints, secrets, dead letters (docs/integration.md)')
  webhooks
    .command('list')
    .description('endpoints with their cursor, pending events, dead letters; which node sends')
    .option('--json', 'print JSON')
    .option(...as)
    .action((opts: { json?: boolean; as?: string }) => run((c) => c.webhooksListCommand(globals(), opts)))
  webhooks
    .command('add')
    .description('add an endpoint; prints its whsec_ secret once')
    .argument('<url>', 'where to POST, http:// or https://')
    .requiredOption(
      '--events <types>',
      'comma-separated: order.created,order.fulfilled,order.cancelled,reservation.created,reservation.released,stock.low,count.approved,ticket.created,ticket.ready,ticket.served,ticket.cancelled,shift.opened,shift.closed',
    )
    .option('--id <id>', 'a name for it (default ep1, ep2, ...)')
    .option('--from-first', 'also send every event the site already has (default: from now on)')
    .option(...as)
    .action((url: string, opts: { events: string; id?: string; fromFirst?: boolean; as?: string }) =>
      run((c) => c.webhooksAddCommand(globals(), url, opts)),
    )
  webhooks
    .command('remove')
    .description('remove an endpoint and its dead letters')
    .argument('<id>')
    .option(...as)
    .action((id: string, opts: { as?: string }) =>
      run((c) => c.webhooksCallCommand(globals(), 'webhooks.remove', { id }, `removed ${id}`, opts)),
    )
  webhooks
    .command('rotate-secret')
    .description('a new secret; the old one also signs for --overlap hours (24)')
    .argument('<id>')
    .option('--overlap <hours>', 'hours both secrets sign', '24')
    .option(...as)
    .action((id: string, opts: { overlap: string; as?: string }) => run((c) => c.webhooksRotateCommand(globals(), id, opts)))
  webhooks
    .command('enable')
    .description('send again to an endpoint a 410 Gone disabled')
    .argument('<id>')
    .option(...as)
    .action((id: string, opts: { as?: string }) =>
      run((c) => c.webhooksCallCommand(globals(), 'webhooks.enable', { id }, `${id} sends again`, opts)),
    )
  webhooks
    .command('dead')
    .description('dead letters: deliveries that failed every retry')
    .option('--endpoint <id>', 'only this endpoint')
    .option('--json', 'print JSON')
    .option(...as)
    .action((opts: { endpoint?: string; json?: boolean; as?: string }) => run((c) => c.webhooksDeadCommand(globals(), opts)))
  webhooks
    .command('retry')
    .description('send dead letters again, with their webhook-id: one by id, or --endpoint for all of one')
    .argument('[id]', 'the webhook-id (outpost webhooks dead)')
    .option('--endpoint <id>', 'every dead letter of this endpoint')
    .option(...as)
    .action((id: string | undefined, opts: { endpoint?: string; as?: string }) => run((c) => c.webhooksRetryCommand(globals(), id, opts)))
}
