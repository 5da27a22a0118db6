import t from 'tap';
import { htmlText, sanitizeSolution } from '../../src/kb/sanitize.js';
import { createSegmenter, matchExpression } from '../../src/kb/segment.js';

const seg = createSegmenter();

t.test('two-character words come out as words, in the index and in a query', async (t) => {
  t.same(seg.words('退款'), ['退款']);
  t.same(seg.words('发票'), ['发票']);
  const indexed = seg.index('客户申请退款，需要重新开具增值税发票').split(' ');
  for (const w of ['客户', '申请', '退款', '开具', '发票', '增值税']) t.ok(indexed.includes(w), w);
  t.notOk(indexed.includes('，'), 'punctuation is not a word');
});

t.test('search mode also indexes the words inside a longer one', async (t) => {
  const indexed = seg.index('专用发票').split(' ');
  t.ok(indexed.includes('专用发票'));
  t.ok(indexed.includes('发票'), 'a query for 发票 finds 专用发票');
});

t.test('a query drops punctuation and repeats; Latin words and numbers stay whole', async (t) => {
  t.same(seg.words('发票？发票！'), ['发票']);
  t.same(seg.words('VPN 设置'), ['VPN', '设置']);
  t.same(seg.words('  ，。'), []);
});

t.test('the fallback words include every dictionary word in the text, overlapping ones too', async (t) => {
  t.same(seg.words('怎么开发票'), ['怎么', '开发票']);
  t.same(seg.anyWords('怎么开发票'), ['怎么', '开发', '开发票', '发票']);
});

t.test('whatever the user typed becomes quoted FTS5 strings, never syntax', async (t) => {
  t.equal(matchExpression(['退款', '发票'], 'all'), '"退款" "发票"');
  t.equal(matchExpression(['退款', '发票'], 'any'), '"退款" OR "发票"');
  t.equal(matchExpression(['a"b', 'NEAR'], 'all'), '"a""b" "NEAR"');
});

t.test('the solution keeps formatting and loses anything that runs', async (t) => {
  const html = sanitizeSolution(
    '<p onclick="x()">先<strong>核对</strong>订单<script>alert(1)</script></p>' +
      '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">点我</a><style>p{}</style>',
  );
  t.notMatch(html, /script|onerror|onclick|javascript:|style|alert/);
  t.match(html, '<p>先<strong>核对</strong>订单</p>');
  t.equal(htmlText('<p>先核对&amp;退款</p><p>再开&lt;发票&gt;</p>'), '先核对&退款 再开<发票>');
});
