// Runs W3C CSV on the Web processing over every CSV file of a tokenstats release folder:
//  1. each <file>-metadata.json is expanded by jsonld.js in safe mode: a key a JSON-LD processor
//     would drop (an undeclared prefix, a misspelt term) fails the check;
//  2. the CSV is converted to RDF by @zazuko/rdf-parser-csvw with that metadata, as a CSVW
//     consumer would;
//  3. the RDF is checked against the metadata the processor read: one subject per data row, each
//     cell typed with its column's datatype and lexically valid for it, coded columns within their
//     code lists (format), required cells present, and each measure's unit declared.
// Prints one line per file; exits 1 on any finding.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import jsonld from 'jsonld';
import rdf from '@rdfjs/data-model';
import datasetFactory from '@rdfjs/dataset';
import CsvwParser from '@zazuko/rdf-parser-csvw';

const require = createRequire(import.meta.url);
const CSVW = 'http://www.w3.org/ns/csvw';
const CSVW_CONTEXT = JSON.parse(
  fs.readFileSync(path.join(path.dirname(require.resolve('barnard59-csvw/package.json')), 'context.jsonld'), 'utf8'));
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SCHEMA = 'http://schema.org/';

// The CSVW context is served from the package (no network): every other URL is refused.
const documentLoader = async (url) => {
  if (url === CSVW || url === CSVW + '.jsonld' || url === 'https://www.w3.org/ns/csvw') {
    return { contextUrl: null, documentUrl: url, document: CSVW_CONTEXT };
  }
  throw new Error('no network: refused to load ' + url);
};

const LEXICAL = {
  [XSD + 'decimal']: /^-?[0-9]+(\.[0-9]+)?$/,
  [XSD + 'integer']: /^-?[0-9]+$/,
  [XSD + 'date']: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/,
  [XSD + 'gYearMonth']: /^[0-9]{4}-[0-9]{2}$/,
  [XSD + 'string']: /^/,
};

function term(t) {
  if (t.termType === 'NamedNode') return rdf.namedNode(t.value);
  if (t.termType === 'BlankNode') return rdf.blankNode(t.value);
  if (t.termType === 'DefaultGraph') return rdf.defaultGraph();
  return rdf.literal(t.value, t.language || rdf.namedNode(t.datatype.value));
}

async function checkFile(dir, metadataName) {
  const findings = [];
  const doc = JSON.parse(fs.readFileSync(path.join(dir, metadataName), 'utf8'));
  // 1. Nothing dropped on expansion.
  let expanded;
  try {
    expanded = await jsonld.expand(doc, { documentLoader, safe: true, base: 'file:///release/' });
  } catch (e) {
    const event = e.details && e.details.event;
    findings.push('JSON-LD safe-mode expansion failed: ' + (event ? `${event.message} (${JSON.stringify(event.details)})` : e.message));
    return findings.map(f => metadataName + ': ' + f);
  }
  const quads = await jsonld.toRDF(doc, { documentLoader, safe: true, base: 'file:///release/' });
  const metadata = datasetFactory.dataset(quads.map(q => rdf.quad(term(q.subject), term(q.predicate), term(q.object), term(q.graph))));

  // The columns as the processor will read them.
  const expandedTable = expanded[0];
  const columns = expandedTable[CSVW + '#tableSchema'][0][CSVW + '#column'][0]['@list'].map(c => {
    const name = c[CSVW + '#name'][0]['@value'];
    const required = (c[CSVW + '#required'] || [{ '@value': false }])[0]['@value'];
    const dt = c[CSVW + '#datatype'][0];
    let base; let format;
    if (dt['@id']) {
      base = dt['@id'];
    } else if (dt['@value']) {
      base = dt['@value'];
    } else {
      base = dt[CSVW + '#base'][0]['@value'];
      format = (dt[CSVW + '#format'] || [{}])[0]['@value'];
    }
    base = base.startsWith('http') ? base : XSD + base;
    return { name, required, base, format };
  });
  const units = new Map();
  for (const v of expandedTable[SCHEMA + 'variableMeasured'] || []) {
    units.set(v[SCHEMA + 'propertyID'][0]['@value'], v[SCHEMA + 'unitText'][0]['@value']);
  }

  // The header row names the columns, in order (CSVW matches cells to columns by title).
  const header = fs.readFileSync(path.join(dir, doc.url), 'utf8').split('\r\n')[0];
  if (header !== columns.map(c => c.name).join(',')) {
    findings.push(`header "${header}" does not match the described columns`);
  }

  // 2. CSV to RDF, as a CSVW consumer does.
  const csvName = doc.url;
  const parser = new CsvwParser({ metadata, baseIRI: 'file:///release/' + csvName, timezone: 'UTC' });
  const out = parser.import(fs.createReadStream(path.join(dir, csvName), { encoding: 'utf8' }));
  const rows = new Map();
  await new Promise((resolve, reject) => {
    out.on('data', q => {
      const s = q.subject.value;
      if (!rows.has(s)) rows.set(s, new Map());
      rows.get(s).set(q.predicate.value, q.object);
    });
    out.on('end', resolve);
    out.on('error', reject);
  });
  // 3. Every described row and cell.
  // Cells are the predicates <file#column>; the processor's own triples (csvw:row, ...) are not.
  const cellPrefix = 'file:///release/' + csvName + '#';
  const dataRows = [...rows.values()].filter(r => [...r.keys()].some(p => p === cellPrefix + columns[0].name));
  const csvLines = fs.readFileSync(path.join(dir, csvName), 'utf8').split('\r\n').filter(l => l.length > 0).length - 1;
  if (dataRows.length !== csvLines) {
    findings.push(`${dataRows.length} rows in RDF, ${csvLines} in the CSV`);
  }
  for (const r of dataRows) {
    const cells = new Map([...r.entries()]
      .filter(([p]) => p.startsWith(cellPrefix))
      .map(([p, o]) => [decodeURIComponent(p.slice(cellPrefix.length)), o]));
    for (const c of columns) {
      const o = cells.get(c.name);
      if (!o) {
        if (c.required) findings.push(`row without required ${c.name}`);
        continue;
      }
      if (o.datatype.value !== c.base) findings.push(`${c.name} "${o.value}" typed ${o.datatype.value}, declared ${c.base}`);
      const lexical = LEXICAL[c.base];
      if (!lexical) findings.push(`${c.name}: datatype ${c.base} not checked here`);
      else if (!lexical.test(o.value)) findings.push(`${c.name} "${o.value}" is not a valid ${c.base}`);
      if (c.format && !new RegExp(c.format).test(o.value)) findings.push(`${c.name} "${o.value}" outside its code list ${c.format}`);
    }
    const measure = cells.get('measure');
    const unit = cells.get('unit');
    if (measure && units.size > 0 && units.get(measure.value) !== unit.value) {
      findings.push(`measure ${measure.value}: unit "${unit.value}", declared "${units.get(measure.value)}"`);
    }
  }
  if (findings.length === 0) {
    console.log(`ok ${csvName}: ${dataRows.length} rows, ${columns.length} columns, ${units.size} measures with units`);
  }
  return findings.slice(0, 20).map(f => csvName + ': ' + f);
}

const dir = process.argv[2];
let failed = false;
for (const name of fs.readdirSync(dir).filter(n => n.endsWith('.csv-metadata.json')).sort()) {
  const findings = await checkFile(dir, name);
  for (const f of findings) { console.log('FINDING ' + f); failed = true; }
}
// The release folder's own CSV files (the SDMX edition in sdmx/ is described by sdmx/structure.xml).
const csvs = fs.readdirSync(dir).filter(n => n.endsWith('.csv'));
for (const csv of csvs) {
  if (!fs.existsSync(path.join(dir, csv + '-metadata.json'))) { console.log('FINDING ' + csv + ': no metadata'); failed = true; }
}
process.exit(failed ? 1 : 0);
