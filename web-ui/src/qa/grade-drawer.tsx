import {
  App,
  Button,
  Descriptions,
  Drawer,
  Input,
  List,
  Popconfirm,
  Radio,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scoreForm } from '../../../src/qa/score';
import { get, patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { clock, type FormView, type GradeView, type QaQuestion } from './api';

type Answers = Map<number, number | null>;
interface Comment {
  at: number;
  text: string;
}

/** A question's choices: yes/no or 0..N, and N/A where the form allows it. */
function AnswerPicker(props: {
  q: QaQuestion;
  value: number | null | undefined;
  disabled: boolean;
  onChange: (v: number | null) => void;
}) {
  const { t } = useTranslation();
  const { q } = props;
  const values = q.kind === 'yesno' ? [1, 0] : Array.from({ length: (q.max ?? 1) + 1 }, (_, i) => i);
  const label = (v: number) => (q.kind === 'yesno' ? (v === 1 ? t('qa.yes') : t('qa.no')) : String(v));
  // undefined (unanswered) and null (N/A) differ; the radio group keys them as text
  const key = props.value === undefined ? undefined : props.value === null ? 'na' : String(props.value);
  return (
    <Radio.Group
      disabled={props.disabled}
      value={key}
      onChange={(e) => props.onChange(e.target.value === 'na' ? null : Number(e.target.value))}
      optionType="button"
      size="small"
      options={[
        ...values.map((v) => ({ value: String(v), label: label(v) })),
        ...(q.allowNa ? [{ value: 'na', label: t('qa.na') }] : []),
      ]}
    />
  );
}

/**
 * One grade: the call's recording, each question's answer, comments stamped
 * with the audio's current time, and the total computed live by the same
 * function the server scores with. A submitted grade is read only; a grader
 * corrects it as a new version.
 */
export function GradeDrawer(props: { id: number; writer: boolean; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const audio = useRef<HTMLAudioElement>(null);
  const [grade, setGrade] = useState<GradeView>();
  const [form, setForm] = useState<FormView>();
  const [versions, setVersions] = useState<GradeView[]>([]);
  const [answers, setAnswers] = useState<Answers>(new Map());
  const [comments, setComments] = useState<Comment[]>([]);
  const [draftText, setDraftText] = useState('');
  const [reason, setReason] = useState('');
  const [id, setId] = useState(props.id);
  const [changed, setChanged] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the grade's id is the trigger, not t or message
  useEffect(() => {
    let live = true;
    (async () => {
      const g = await get<GradeView>(`/qa/grades/${id}`);
      const [f, v] = await Promise.all([
        get<FormView>(`/qa/forms/${g.formId}`),
        get<GradeView[]>(`/qa/grades/${id}/versions`),
      ]);
      if (!live) return;
      setGrade(g);
      setForm(f);
      setVersions(v);
      setAnswers(new Map(g.answers.map((a) => [a.questionId, a.value])));
      setComments(g.comments);
    })().catch((err) => showApiError(err, { message, t }));
    return () => {
      live = false;
    };
  }, [id]);

  const questions = useMemo(() => form?.sections.flatMap((s) => s.questions) ?? [], [form]);
  const live = useMemo(
    () =>
      scoreForm(
        questions,
        [...answers].map(([questionId, value]) => ({ questionId, value })),
      ),
    [questions, answers],
  );
  const editable = props.writer && grade?.status === 'draft';
  const body = (submit: boolean) => ({
    answers: [...answers].map(([questionId, value]) => ({ questionId, value })),
    comments,
    submit,
  });
  const save = async (submit: boolean) => {
    try {
      const g = await patch<GradeView>(`/qa/grades/${id}`, body(submit));
      setGrade(g);
      setChanged(true);
      if (submit) props.onClose(true);
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  const revise = async () => {
    try {
      const g = await post<GradeView>(`/qa/grades/${id}/revisions`, { reason });
      setChanged(true);
      setId(g.id);
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  const addComment = () => {
    const text = draftText.trim();
    if (!text) return;
    const at = Math.round((audio.current?.currentTime ?? 0) * 10) / 10;
    setComments((c) => [...c, { at, text }].sort((a, b) => a.at - b.at));
    setDraftText('');
  };

  return (
    <Drawer open width={760} title={t('qa.title')} onClose={() => props.onClose(changed)} destroyOnHidden>
      {grade && form && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('qa.callId')}>{grade.callId}</Descriptions.Item>
            <Descriptions.Item label={t('qa.agent')}>{grade.agent}</Descriptions.Item>
            <Descriptions.Item label={t('qa.form')}>{form.name}</Descriptions.Item>
            <Descriptions.Item label={t('qa.grader')}>{grade.grader}</Descriptions.Item>
            <Descriptions.Item label={t('qa.version')}>{grade.version}</Descriptions.Item>
            <Descriptions.Item label={t('qa.status')}>
              <Tag color={grade.status === 'submitted' ? 'green' : 'default'}>{t(`qa.${grade.status}`)}</Tag>
            </Descriptions.Item>
          </Descriptions>
          {grade.recording ? (
            // biome-ignore lint/a11y/useMediaCaption: call recordings have no captions
            <audio
              ref={audio}
              controls
              src={grade.recording}
              style={{ width: '100%' }}
              data-testid="qa-audio"
            />
          ) : (
            <Typography.Text type="secondary">{t('qa.noRecording')}</Typography.Text>
          )}
          <Space size="large">
            <Statistic
              title={editable ? t('qa.total') : t('qa.score')}
              value={(editable ? live.score : grade.score) ?? t('qa.noScore')}
              suffix={(editable ? live.score : grade.score) === null ? undefined : '%'}
              data-testid="qa-total"
            />
            {(editable ? live.criticalFailed : grade.criticalFailed) && (
              <Tag color="red">{t('qa.criticalFailed')}</Tag>
            )}
          </Space>
          {form.sections.map((s) => (
            <List
              key={s.title}
              size="small"
              header={<b>{s.title}</b>}
              bordered
              dataSource={s.questions}
              renderItem={(q) => (
                <List.Item>
                  <Space wrap>
                    <span>
                      {q.text} <Typography.Text type="secondary">×{q.weight}</Typography.Text>
                      {q.critical && <Tag color="red">{t('qa.critical')}</Tag>}
                    </span>
                    <AnswerPicker
                      q={q}
                      disabled={!editable}
                      value={answers.has(q.id) ? answers.get(q.id) : undefined}
                      onChange={(v) => setAnswers((m) => new Map(m).set(q.id, v))}
                    />
                  </Space>
                </List.Item>
              )}
            />
          ))}
          <List
            size="small"
            header={<b>{t('qa.comments')}</b>}
            dataSource={comments}
            renderItem={(c) => (
              <List.Item>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    if (audio.current) audio.current.currentTime = c.at;
                  }}
                >
                  {clock(c.at)}
                </Button>
                <span style={{ whiteSpace: 'pre-wrap', flex: 1 }}>{c.text}</span>
              </List.Item>
            )}
          />
          {editable && (
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={draftText}
                maxLength={2000}
                placeholder={t('qa.commentText')}
                onChange={(e) => setDraftText(e.target.value)}
                onPressEnter={addComment}
              />
              <Button onClick={addComment}>{t('qa.commentAtTime')}</Button>
            </Space.Compact>
          )}
          {editable && (
            <Space>
              <Button onClick={() => save(false)}>{t('qa.saveDraft')}</Button>
              <Popconfirm title={t('qa.submitConfirm')} onConfirm={() => save(true)}>
                <Button type="primary">{t('qa.submit')}</Button>
              </Popconfirm>
            </Space>
          )}
          {props.writer && grade.status === 'submitted' && versions[versions.length - 1]?.id === grade.id && (
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={reason}
                maxLength={500}
                placeholder={t('qa.reason')}
                onChange={(e) => setReason(e.target.value)}
              />
              <Button onClick={revise}>{t('qa.revise')}</Button>
            </Space.Compact>
          )}
          <List
            size="small"
            header={<b>{t('qa.versions')}</b>}
            dataSource={versions}
            renderItem={(v) => (
              <List.Item>
                <Button type="link" size="small" disabled={v.id === grade.id} onClick={() => setId(v.id)}>
                  v{v.version}
                </Button>
                {v.grader} · {t(`qa.${v.status}`)} · {v.score ?? t('qa.noScore')} {v.reason}
              </List.Item>
            )}
          />
        </Space>
      )}
    </Drawer>
  );
}
