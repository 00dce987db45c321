import t from 'tap';
import { guardFormula, toCsv, wantsCsv } from '../../src/http/csv.js';

t.test('one CSV writer: quoting, CRLF, formula guard on text only', async (t) => {
  t.equal(
    toCsv(['name', 'hours', 'note'], [
      ['Åsa Öberg', 1.5, 'says "hej", then leaves'],
      ['=HYPERLINK("http://evil","x")', -2, null],
      ['+46 31 000', 0, '@SUM(A1)'],
      ['multi\nline', true, '-1'],
    ]),
    'name,hours,note\r\n' +
      'Åsa Öberg,1.5,"says ""hej"", then leaves"\r\n' +
      `"'=HYPERLINK(""http://evil"",""x"")",-2,\r\n` +
      "'+46 31 000,0,'@SUM(A1)\r\n" +
      '"multi\nline",true,\'-1\r\n',
  );
  t.equal(guardFormula(-5), -5, 'a negative number stays a number');
  t.equal(guardFormula('\tcmd'), "'\tcmd");
  t.equal(guardFormula('Karin'), 'Karin');
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
