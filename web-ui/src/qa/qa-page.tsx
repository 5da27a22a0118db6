import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { del, get, patch, post } from '../api/client';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { formatTime } from '../components/format';
import { useOptions } from '../components/use-options';
import { canWrite, type ResourceDef } from '../resources/types';
import type { FormPage, FormView, GradePage, GradeView } from './api';
import { FormBuilder } from './form-builder';
import { GradeDrawer } from './grade-drawer';
import { TrendCard } from './trend-card';

const AddButton = (props: { label: string; onClick: () => void }) => (
  <Button type="primary" icon={<PlusOutlined />} onClick={props.onClick} style={{ marginBottom: 8 }}>
    {props.label}
  </Button>
);

/** A draft grade of a call with an active form; then the drawer grades it. */
function NewGrade(props: { onClose: (id: number | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const forms = useOptions<FormView>(
    '/qa/forms?status=active',
    (f) => f.name,
    (f) => f.id,
  );
  const create = async () => {
    const values = await form.validateFields();
    try {
      const g = await post<GradeView>('/qa/grades', values);
      props.onClose(g.id);
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  return (
    <Modal open title={t('qa.newGrade')} onOk={create} onCancel={() => props.onClose(null)}>
      <Form form={form} layout="vertical">
        <Form.Item name="callId" label={t('qa.callId')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="formId" label={t('qa.form')} rules={[{ required: true }]}>
          <Select options={forms.options} loading={forms.loading} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GradesTab({ writer }: { writer: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState<GradePage>();
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const openId = Number(params.get('grade')) || null;
  const open = (id: number | null) =>
    setParams((p) => {
      if (id === null) p.delete('grade');
      else p.set('grade', String(id));
      return p;
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    get<GradePage>('/qa/grades', { limit: 20, offset }).then(setPage, () => setPage(undefined));
  }, [offset, version]);
  return (
    <>
      {writer && <AddButton label={t('qa.newGrade')} onClick={() => setCreating(true)} />}
      <Table<GradeView>
        rowKey="id"
        size="small"
        dataSource={page?.items}
        pagination={{ total: page?.total, pageSize: 20, onChange: (n) => setOffset((n - 1) * 20) }}
        onRow={(g) => ({ onClick: () => open(g.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('qa.callId'), dataIndex: 'callId' },
          { title: t('qa.agent'), dataIndex: 'agent' },
          { title: t('qa.grader'), dataIndex: 'grader' },
          {
            title: t('qa.score'),
            render: (_, g) => (
              <Space>
                {g.score ?? t('qa.noScore')}
                {g.criticalFailed && <Tag color="red">{t('qa.criticalFailed')}</Tag>}
              </Space>
            ),
          },
          { title: t('qa.status'), render: (_, g) => t(`qa.${g.status}`) },
          { title: t('qa.version'), dataIndex: 'version' },
          { title: t('qa.gradedAt'), render: (_, g) => formatTime(g.gradedAt ?? g.updatedAt) },
        ]}
      />
      {creating && (
        <NewGrade
          onClose={(id) => {
            setCreating(false);
            if (id !== null) open(id);
          }}
        />
      )}
      {openId !== null && (
        <GradeDrawer
          id={openId}
          writer={writer}
          onClose={(changed) => {
            open(null);
            if (changed) setVersion((v) => v + 1);
          }}
        />
      )}
    </>
  );
}

function FormsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState<FormPage>();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ form: FormView | null } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    get<FormPage>('/qa/forms', { limit: 500 }).then(setPage, () => setPage(undefined));
  }, [version]);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setVersion((v) => v + 1);
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  return (
    <>
      <AddButton label={t('qa.newForm')} onClick={() => setEditing({ form: null })} />
      <Table<FormView>
        rowKey="id"
        size="small"
        dataSource={page?.items}
        pagination={false}
        columns={[
          { title: t('qa.name'), dataIndex: 'name' },
          { title: t('qa.status'), render: (_, f) => <Tag>{t(`qa.${f.status}`)}</Tag> },
          {
            title: t('qa.questions'),
            render: (_, f) => f.sections.reduce((n, s) => n + s.questions.length, 0),
          },
          {
            render: (_, f) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ form: f })}>
                  {t('qa.edit')}
                </Button>
                <Button size="small" onClick={() => act(() => post(`/qa/forms/${f.id}/copy`, {}))}>
                  {t('qa.copy')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    act(() =>
                      patch(`/qa/forms/${f.id}`, { status: f.status === 'active' ? 'archived' : 'active' }),
                    )
                  }
                >
                  {f.status === 'active' ? t('qa.archive') : t('qa.restore')}
                </Button>
                <Popconfirm title={t('qa.delete')} onConfirm={() => act(() => del(`/qa/forms/${f.id}`))}>
                  <Button size="small" danger>
                    {t('qa.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <FormBuilder
          editing={editing.form}
          onClose={(saved) => {
            setEditing(null);
            if (saved) setVersion((v) => v + 1);
          }}
        />
      )}
    </>
  );
}

/**
 * 质检评分: supervisors and admins build forms, grade calls while the
 * recording plays and follow the trend; agents see their own scores.
 */
export function QaPage({ def }: { def: ResourceDef }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const writer = canWrite(def, user?.role);
  return (
    <Tabs
      items={[
        {
          key: 'grades',
          label: writer ? t('qa.grades') : t('qa.myScores'),
          children: <GradesTab writer={writer} />,
        },
        ...(writer ? [{ key: 'forms', label: t('qa.forms'), children: <FormsTab /> }] : []),
        { key: 'trends', label: t('qa.trends'), children: <TrendCard title={t('qa.trends')} /> },
      ]}
    />
  );
}
