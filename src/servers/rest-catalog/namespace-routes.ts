import { paginate } from './pagination.js';
import { RestErrors } from './rest-errors.js';
import {
  json,
  NAMESPACE_SEPARATOR,
  namespaceParam,
  noContent,
  type Route,
  type RouteContext,
} from './route.js';
import { WireRequests } from './wire-schemas.js';

/** Namespaces: ldp's medallion layers and any other namespace written to the catalog. */
export const NAMESPACE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: 'namespaces',
    write: false,
    handle: (context) => {
      const parent = context.query.get('parent');
      const levels = parent ? parent.split(NAMESPACE_SEPARATOR) : [];
      const all = context.catalog.listNamespaces(levels.length > 0 ? levels : undefined);
      const { page, next } = paginate(all, (ns) => ns.join('.'), context.query);
      return json({ namespaces: page, 'next-page-token': next });
    },
  },
  {
    method: 'POST',
    path: 'namespaces',
    write: true,
    handle: async (context) => {
      const request = WireRequests.createNamespace(await context.body());
      context.catalog.createNamespace(request.namespace, request.properties);
      return json({
        namespace: request.namespace,
        properties: context.catalog.loadNamespaceProperties(request.namespace),
      });
    },
  },
  {
    method: 'GET',
    path: 'namespaces/{namespace}',
    write: false,
    handle: (context) => {
      const namespace = namespaceParam(context);
      return json({ namespace, properties: context.catalog.loadNamespaceProperties(namespace) });
    },
  },
  {
    method: 'HEAD',
    path: 'namespaces/{namespace}',
    write: false,
    handle: (context) => {
      const namespace = namespaceParam(context);
      if (!context.catalog.namespaceExists(namespace)) throw RestErrors.noSuchNamespace(namespace.join('.'));
      return noContent;
    },
  },
  {
    method: 'DELETE',
    path: 'namespaces/{namespace}',
    write: true,
    handle: (context) => {
      context.catalog.dropNamespace(namespaceParam(context));
      return noContent;
    },
  },
  {
    method: 'POST',
    path: 'namespaces/{namespace}/properties',
    write: true,
    handle: async (context: RouteContext) => {
      const namespace = namespaceParam(context);
      const change = WireRequests.updateNamespaceProperties(await context.body());
      const summary = context.catalog.updateNamespaceProperties(namespace, {
        ...(change.updates ? { updates: change.updates } : {}),
        ...(change.removals ? { removals: change.removals } : {}),
      });
      return json(summary);
    },
  },
];
