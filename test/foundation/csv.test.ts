import t from 'tap';
import { csvColumns, guardFormula, toCsv, wantsCsv } from '../../src/http/csv.js';

const sample = csvColumns<{ name: string; hours: number; note: string | null }>([
  { name: 'name', value: (r) => r.name },
  { name: 'hours', kind: 'decimal', value: (r) => r.hours },
  { name: 'note', value: (r) => r.note },
]);

t.test('one CSV writer: quoting, CRLF, formula guard on text only', async (t) => {
  t.equal(
    toCsv(
      sample.table([
        { name: 'Åsa Öberg', hours: 1.5, note: 'says "hej", then leaves' },
        { name: '=HYPERLINK("http://evil","x")', hours: -2, note: null },
        { name: '+46 31 000', hours: 0, note: '@SUM(A1)' },
        { name: 'multi\nline', hours: 3, note: '-1' },
      ]),
    ),
    'name,hours,note\r\n' +
      'Åsa Öberg,1.5,"says ""hej"", then leaves"\r\n' +
      `"'=HYPERLINK(""http://evil"",""x"")",-2,\r\n` +
      "'+46 31 000,0,'@SUM(A1)\r\n" +
      '"multi\nline",3,\'-1\r\n',
  );
  t.equal(guardFormula(-5), -5, 'a negative number stays a number');
  t.equal(guardFormula('\tcmd'), "'\tcmd");
  t.equal(guardFormula('Karin'), 'Karin');
});

t.test('the Swedish spreadsheet dialect: BOM, semicolons, decimal commas, kronor from öre; å, ä and ö round-trip', async (t) => {
  const money = csvColumns<{ who: string; hours: number; ore: number }>([
    { name: 'individualName', value: (r) => r.who },
    { name: 'hours', kind: 'decimal', value: (r) => r.hours },
    { name: 'amountOre', kind: 'integer', value: (r) => r.ore },
    { name: 'amountKronor', kind: 'kronor', value: (r) => r.ore },
  ]);
  const table = money.table([
    { who: 'Åsa Öberg; Säve', hours: 1.25, ore: 123456 },
    { who: 'Örjan Ärlig', hours: 2, ore: 5 },
  ]);
  const sv = toCsv(table, 'excel-sv');
  t.ok(sv.startsWith('\uFEFF'), 'a UTF-8 BOM first');
  t.equal(sv, '\uFEFFindividualName;hours;amountOre;amountKronor\r\n"Åsa Öberg; Säve";1,25;123456;1234,56\r\nÖrjan Ärlig;2;5;0,05\r\n');
  // The bytes a spreadsheet reads: BOM EF BB BF, then UTF-8; decoded back, the same text.
  const bytes = Buffer.from(sv, 'utf8');
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  t.equal(new TextDecoder('utf-8').decode(bytes), sv.slice(1), 'the decoder takes the BOM; å, ä, ö intact');
  t.equal(toCsv(table), 'individualName,hours,amountOre,amountKronor\r\nÅsa Öberg; Säve,1.25,123456,1234.56\r\nÖrjan Ärlig,2,5,0.05\r\n', 'the default dialect: commas, no BOM, decimal points');
});
t.test('content negotiation', async (t) => {
  t.ok(wantsCsv('text/csv'));
  t.ok(wantsCsv('text/csv; header=present'));
  t.notOk(wantsCsv('application/json'));
  t.notOk(wantsCsv(undefined));
  t.notOk(wantsCsv('application/json, text/csv;q=0.5'));
  t.ok(wantsCsv('text/csv, application/json;q=0.9'));
  t.notOk(wantsCsv('text/csv;q=0'));
});
