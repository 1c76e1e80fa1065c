/** Word lists for generated organisations: common Chinese surnames and name characters with pinyin. */

const pairs = (text: string): [string, string][] =>
  text
    .trim()
    .split(/\s+/)
    .map((entry) => [entry.slice(0, 1), entry.slice(1)]);

export const SURNAMES = pairs(`
王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he
高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao
田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du 叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen
姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang
白bai 邹zou 孟meng 熊xiong 秦qin 邱qiu 江jiang 尹yin 薛xue 闫yan 段duan 雷lei 侯hou 龙long 史shi 陶tao
黎li 贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 武wu 戴dai 莫mo 孔kong 向xiang 汤tang`);

export const GIVEN = pairs(`
伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming
超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 玉yu 萍ping 红hong 建jian 文wen 辉hui 力li 斌bin
宇yu 浩hao 凯kai 鹏peng 婷ting 雪xue 琳lin 晨chen 欣xin 怡yi 佳jia 俊jun 博bo 然ran 轩xuan 梓zi 涵han
睿rui 思si 雨yu 泽ze 子zi 嘉jia 翔xiang 峰feng 波bo 春chun 冬dong 海hai 亮liang 晓xiao 璐lu 倩qian
颖ying 瑶yao 薇wei 昊hao 天tian 志zhi 国guo 东dong 新xin 成cheng 安an 宁ning 康kang 乐le 阳yang 慧hui`);

/** First-level units (business groups and functions), Chinese and English. */
export const TOP_UNITS: [string, string][] = [
  ["企业业务", "Enterprise Business"], ["消费者业务", "Consumer Business"], ["云计算", "Cloud"], ["运营商业务", "Carrier Business"],
  ["研发", "R&D"], ["市场营销", "Marketing"], ["财经", "Finance"], ["人力资源", "Human Resources"], ["法务", "Legal"],
  ["行政", "Administration"], ["供应链", "Supply Chain"], ["采购", "Procurement"], ["质量", "Quality"], ["信息技术", "IT"],
  ["战略", "Strategy"], ["海外业务", "International"],
];
export const TOP_SUFFIX: [string, string][] = [["事业部", "Group"], ["中心", "Center"], ["体系", "Division"]];

export const CITIES: [string, string][] = [
  ["北京", "Beijing"], ["上海", "Shanghai"], ["深圳", "Shenzhen"], ["广州", "Guangzhou"], ["杭州", "Hangzhou"], ["成都", "Chengdu"],
  ["武汉", "Wuhan"], ["西安", "Xi'an"], ["南京", "Nanjing"], ["苏州", "Suzhou"], ["重庆", "Chongqing"], ["天津", "Tianjin"],
  ["长沙", "Changsha"], ["郑州", "Zhengzhou"], ["青岛", "Qingdao"], ["厦门", "Xiamen"], ["华北", "North China"], ["华东", "East China"],
  ["华南", "South China"], ["西南", "Southwest"],
];

export const UNITS: [string, string][] = [
  ["研发部", "Development"], ["测试部", "Testing"], ["产品部", "Product"], ["销售部", "Sales"], ["市场部", "Marketing"],
  ["客服部", "Customer Service"], ["运维部", "Operations"], ["架构组", "Architecture"], ["前端组", "Front End"], ["后端组", "Back End"],
  ["数据组", "Data"], ["安全组", "Security"], ["财务组", "Accounting"], ["招聘组", "Recruiting"], ["培训组", "Training"],
  ["项目组", "Projects"], ["交付部", "Delivery"], ["解决方案部", "Solutions"], ["渠道部", "Channels"], ["设计组", "Design"],
];

export const POSITIONS = [
  "软件工程师", "高级软件工程师", "测试工程师", "产品经理", "项目经理", "部门经理", "总监", "副总裁", "行政专员", "人力资源专员",
  "财务专员", "会计", "出纳", "销售代表", "客户经理", "市场专员", "架构师", "数据分析师", "运维工程师", "设计师", "法务专员",
  "采购专员", "助理", "实习生",
];

/** Mobile prefixes in use in mainland China (the eight digits after them are generated). */
export const MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158", "159", "176", "177", "180", "181", "182", "185", "186", "187", "188", "189", "199"];
