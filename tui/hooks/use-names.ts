import { useEffect, useState } from 'react'
import { useClient } from '../state/contexts.js'

export interface Names {
  /** A node's name ("stock room"), or the start of its key while names load. */
  node(key: string): string
  /** A person's name, or their id. */
  person(id: string): string
  /** A partner's name ("Atlas Textiles"), or its code ("CUS-ATL"). */
  partner(code: string | null): string
  /** "Atlas Textiles (CUS-ATL)" where a detail shows both, or the code alone until its name is known. */
  partnerAndCode(code: string): string
}

/**
 * Names instead of keys and codes, wherever a name exists: nodes, people, partners. Loaded once
 * per screen (nodes and people are few; partners only those asked for); a code shows until its
 * name comes, and stays when it has none.
 */
export function useNames(partnerCodes: readonly (string | null)[] = []): Names {
  const client = useClient()
  const [nodes, setNodes] = useState<ReadonlyMap<string, string>>(new Map())
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map())
  const [partners, setPartners] = useState<ReadonlyMap<string, string>>(new Map())
  const wanted = [...new Set(partnerCodes.filter((c): c is string => c !== null))].sort().join(',')
  useEffect(() => {
    let live = true
    client.call('mesh.nodes').then(
      (list) => live && setNodes(new Map(list.map((w) => [w.key, w.name]))),
      () => undefined, // a name is a nicety: the key stays
    )
    client.call('people.list').then(
      (list) => live && setPeople(new Map(list.map((p) => [p.id, p.name]))),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [client])
  useEffect(() => {
    if (wanted === '') return
    let live = true
    client.call('catalog.partners', { codes: wanted.split(',') }).then(
      (list) => live && setPartners(new Map(list.map((p) => [p.code, p.name]))),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [client, wanted])
  return {
    node: (key) => nodes.get(key) ?? key.slice(0, 6),
    person: (id) => people.get(id) ?? id,
    partner: (code) => (code === null ? '' : (partners.get(code) ?? code)),
    partnerAndCode: (code) => {
      const name = partners.get(code)
      return name === undefined || name === code ? code : `${name} (${code})`
    },
  }
}
